/**
 * Renders a request template for one step: the URL with URL-encoded values, headers with
 * values that cannot split a header, and a JSON or form body. A JSON text body is checked
 * to still parse after rendering; a mapping body is rendered leaf by leaf and serialised,
 * so no value can change its structure. `field` is the template's config key, for errors.
 */
import type { PlannedRequest } from './planned-request.js';
import { ESCAPE, render, soleVariable, TemplateError, type Variables } from './template.js';
import type { RequestTemplate } from './webhook-actuator-options.js';

export function renderRequest(template: RequestTemplate, vars: Variables, field: string): PlannedRequest {
  const url = render(template.url, vars, ESCAPE.url, `${field}.url`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(template.headers)) {
    headers[name.toLowerCase()] = render(value, vars, ESCAPE.header, `${field}.headers.${name}`);
  }
  const request: PlannedRequest = { method: template.method, url, headers };
  if (template.form) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(template.form)) {
      form.append(key, render(value, vars, ESCAPE.none, `${field}.form.${key}`));
    }
    request.headers = { 'content-type': 'application/x-www-form-urlencoded', ...request.headers };
    request.body = form.toString();
  } else if (template.body !== undefined) {
    request.headers = { 'content-type': 'application/json', ...request.headers };
    request.body = renderJsonBody(template.body, vars, `${field}.body`);
  }
  return request;
}

function renderJsonBody(body: unknown, vars: Variables, field: string): string {
  if (typeof body === 'string') {
    const text = render(body, vars, ESCAPE.jsonString, field);
    try {
      JSON.parse(text);
    } catch (error) {
      throw new TemplateError(field, `the rendered body is not JSON (${(error as Error).message})`);
    }
    return text;
  }
  return JSON.stringify(renderTree(body, vars, field));
}

function renderTree(node: unknown, vars: Variables, field: string): unknown {
  if (typeof node === 'string') {
    const sole = soleVariable(node);
    if (sole !== undefined) {
      const value = vars[sole];
      if (value === undefined) throw new TemplateError(field, `{{${sole}}} has no value for this step`);
      return value;
    }
    return render(node, vars, ESCAPE.none, field);
  }
  if (Array.isArray(node)) return node.map((item, i) => renderTree(item, vars, `${field}.${i}`));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [key, renderTree(item, vars, `${field}.${key}`)]),
    );
  }
  return node;
}
