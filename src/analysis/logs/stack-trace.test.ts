import { describe, expect, it } from 'vitest';
import { parseStackTrace } from './stack-trace.js';

const JAVA = (
  orderId: number,
  line: number,
) => `2026-03-01 10:00:00 ERROR [http-nio-8080-exec-3] c.a.OrderService - Failed
java.lang.IllegalStateException: Order ${orderId} could not be charged
\tat com.acme.shop.payment.PaymentClient.charge(PaymentClient.java:${line})
\tat com.acme.shop.order.OrderService.checkout(OrderService.java:88)
\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)
\tat java.base/java.lang.Thread.run(Thread.java:833)
Caused by: java.net.SocketTimeoutException: Read timed out after 30000ms
\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)
\tat com.acme.shop.payment.HttpTransport.read(HttpTransport.java:40)
\t... 4 more
Caused by: com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: pool exhausted
\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)
\t... 6 more`;

const PYTHON = (user: string, line: number) => `Traceback (most recent call last):
  File "/app/service/db.py", line 12, in load
    row = cursor.fetchone()
  File "/usr/local/lib/python3.12/site-packages/psycopg/cursor.py", line 840, in fetchone
    raise e
KeyError: 'id'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/app/service/api.py", line 30, in handler
    user = load_user(request)
  File "/app/service/users.py", line ${line}, in load_user
    return db.load(name)
ValueError: user ${user} not found`;

const NODE = (
  prop: string,
  line: number,
) => `TypeError: Cannot read properties of undefined (reading '${prop}')
    at getUser (/app/src/users.js:${line}:19)
    at async handler (/app/src/routes/users.js:22:5)
    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;

const GO = (index: number) => `panic: runtime error: index out of range [${index}] with length 3

goroutine 1 [running]:
main.(*Server).lookup(0xc000012345, {0x4b1c20, 0x5})
\t/app/server.go:42 +0x1d
github.com/acme/shop/internal/store.(*Store).Get(...)
\t/app/internal/store/store.go:17
net/http.HandlerFunc.ServeHTTP(0xc0000a6000, {0x6d2f40, 0xc0000d2000}, 0xc0000c4000)
\t/usr/local/go/src/net/http/server.go:2136 +0x2f
main.main()
\t/app/main.go:12 +0x25

goroutine 7 [IO wait]:
internal/poll.runtime_pollWait(0x7f, 0x72)
\t/usr/local/go/src/runtime/netpoll.go:343 +0x85
exit status 2`;

const DOTNET = `System.InvalidOperationException: Checkout failed for order 42 ---> System.NullReferenceException: Object reference not set to an instance of an object.
   at Acme.Shop.Payments.CardService.Charge(Order order) in /src/Payments/CardService.cs:line 57
   at Acme.Shop.Payments.CardService.<ChargeAsync>d__4.MoveNext() in /src/Payments/CardService.cs:line 31
   --- End of inner exception stack trace ---
   at Acme.Shop.Orders.CheckoutController.Post(CheckoutRequest request) in /src/Orders/CheckoutController.cs:line 88
   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.Execute(IActionResultTypeMapper mapper)`;

describe('parseStackTrace', () => {
  it('parses a Java trace with a Caused-by chain and a log prefix', () => {
    const trace = parseStackTrace(JAVA(1841, 55))!;
    expect(trace).toMatchObject({
      language: 'java',
      exception_type: 'java.lang.IllegalStateException',
      message: 'Order 1841 could not be charged',
      message_template: 'Order <*> could not be charged',
    });
    expect(trace.frames[0]).toEqual({
      function: 'com.acme.shop.payment.PaymentClient.charge',
      module: 'com.acme.shop.payment.PaymentClient',
      file: 'PaymentClient.java',
      line: 55,
      in_app: true,
    });
    expect(trace.frames.map((f) => f.in_app)).toEqual([true, true, false, false]);
    expect(trace.frames[3].function).toBe('java.lang.Thread.run');
    expect(trace.caused_by?.exception_type).toBe('java.net.SocketTimeoutException');
    expect(trace.caused_by?.frames.map((f) => f.function)).toEqual([
      'com.acme.shop.payment.HttpTransport.read',
      'java.net.SocketInputStream.socketRead0',
    ]);
    expect(trace.caused_by?.caused_by?.exception_type).toBe(
      'com.zaxxer.hikari.pool.HikariPool$PoolInitializationException',
    );
    expect(trace.caused_by?.caused_by?.frames[0].in_app).toBe(false);
  });

  it('gives the same fingerprint across message values and line numbers', () => {
    const a = parseStackTrace(JAVA(1, 55))!;
    const b = parseStackTrace(JAVA(99_999, 61))!;
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    const other = parseStackTrace(JAVA(1, 55).replace('PaymentClient.charge', 'PaymentClient.refund'))!;
    expect(other.fingerprint).not.toBe(a.fingerprint);
  });

  it('parses a chained Python traceback (last printed exception first)', () => {
    const trace = parseStackTrace(PYTHON('bob', 7))!;
    expect(trace).toMatchObject({
      language: 'python',
      exception_type: 'ValueError',
      message: 'user bob not found',
    });
    expect(trace.frames.map((f) => [f.function, f.file, f.line, f.in_app])).toEqual([
      ['load_user', '/app/service/users.py', 7, true],
      ['handler', '/app/service/api.py', 30, true],
    ]);
    expect(trace.caused_by?.exception_type).toBe('KeyError');
    expect(trace.caused_by?.frames.map((f) => f.in_app)).toEqual([true, false]);
    expect(parseStackTrace(PYTHON('alice', 99))!.fingerprint).toBe(trace.fingerprint);
  });

  it('parses a Node.js trace', () => {
    const trace = parseStackTrace(NODE('id', 10))!;
    expect(trace).toMatchObject({ language: 'node', exception_type: 'TypeError' });
    expect(trace.message).toBe("Cannot read properties of undefined (reading 'id')");
    expect(trace.frames.map((f) => [f.function, f.in_app])).toEqual([
      ['getUser', true],
      ['handler', true],
      ['Layer.handle [as handle_request]', false],
      ['process.processTicksAndRejections', false],
    ]);
    expect(trace.frames[2].module).toBe('express');
    expect(trace.frames[0]).toMatchObject({ file: '/app/src/users.js', line: 10 });
    expect(parseStackTrace(NODE('name', 77))!.fingerprint).toBe(trace.fingerprint);
  });

  it('parses a Go panic, keeping only the panicking goroutine', () => {
    const trace = parseStackTrace(GO(5))!;
    expect(trace).toMatchObject({
      language: 'go',
      exception_type: 'runtime error',
      message: 'index out of range [5] with length 3',
    });
    expect(trace.frames.map((f) => [f.function, f.line, f.in_app])).toEqual([
      ['main.(*Server).lookup', 42, true],
      ['github.com/acme/shop/internal/store.(*Store).Get', 17, true],
      ['main.main', 12, true],
      ['net/http.HandlerFunc.ServeHTTP', 2136, false],
    ]);
    expect(trace.frames[1].module).toBe('github.com/acme/shop/internal/store');
    expect(parseStackTrace(GO(9))!.fingerprint).toBe(trace.fingerprint);
  });

  it('parses a .NET exception with an inner exception', () => {
    const trace = parseStackTrace(DOTNET)!;
    expect(trace).toMatchObject({
      language: 'dotnet',
      exception_type: 'System.InvalidOperationException',
      message: 'Checkout failed for order 42',
    });
    expect(trace.frames.map((f) => [f.function, f.in_app])).toEqual([
      ['Acme.Shop.Orders.CheckoutController.Post', true],
      ['Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.Execute', false],
    ]);
    expect(trace.caused_by).toMatchObject({ exception_type: 'System.NullReferenceException' });
    expect(trace.caused_by?.frames.map((f) => [f.function, f.file, f.line])).toEqual([
      ['Acme.Shop.Payments.CardService.Charge', '/src/Payments/CardService.cs', 57],
      ['Acme.Shop.Payments.CardService.ChargeAsync', '/src/Payments/CardService.cs', 31],
    ]);
  });

  it('returns null for text without a trace', () => {
    expect(parseStackTrace('')).toBeNull();
    expect(parseStackTrace('GET /health 200 3ms')).toBeNull();
    expect(parseStackTrace('\u0000\ufffd junk at 12')).toBeNull();
  });
});
