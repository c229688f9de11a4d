/** Configured extra HTTP headers: names must be RFC 9110 tokens; an empty map when absent. */
import { z } from 'zod';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export const HeadersSchema = z
  .record(z.string(), z.string())
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (!HEADER_NAME.test(name))
        ctx.addIssue({ code: 'custom', path: [name], message: 'not a header name' });
    }
  })
  .default({});
