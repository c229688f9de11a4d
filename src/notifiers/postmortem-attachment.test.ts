import { describe, expect, it } from 'vitest';
import { postmortemAttachment, reportUrl, uiIncidentUrlTemplate } from './postmortem-attachment.js';
import { eventFixture, resolvedEventFixture } from './testing/notification-fixtures.js';

describe('postmortemAttachment', () => {
  it('comes only with a resolved event that carries its report', () => {
    expect(postmortemAttachment(eventFixture(), undefined)).toBeUndefined();
    expect(postmortemAttachment({ ...resolvedEventFixture(), report: undefined }, undefined)).toBeUndefined();
  });

  it('summarises the postmortem and renders the whole Markdown report', () => {
    const attachment = postmortemAttachment(resolvedEventFixture(), undefined)!;
    expect(attachment.title).toBe('config change on payment-service (INC-42)');
    expect(attachment.summary).toEqual([
      'Root cause: config change on payment-service (connection pool exhaustion), confidence 0.74',
      'MTTR: 4.0 min',
      'Actions: config revert payment-service: verified',
      'Verification: recovered: error_rate back to baseline on payment-service',
      expect.stringMatching(/^Follow-ups: Review the payment-service config change/),
    ]);
    expect(attachment.markdown).toMatch(/^# Postmortem: config change on payment-service \(INC-42\)\n/);
    expect(attachment.markdown).toContain('remediating: approved by alice');
    expect(attachment.markdown).toContain('- config_revert on payment-service: verified');
    expect(attachment.links).toBeUndefined();
  });

  it('links the report endpoint under public_url', () => {
    const event = resolvedEventFixture({ incident_id: 'INC/7 x' });
    const attachment = postmortemAttachment({ ...event, incident_id: 'INC/7 x' }, 'https://afr.example.com/');
    expect(attachment?.links).toEqual({
      html: 'https://afr.example.com/api/v1/incidents/INC%2F7%20x/report?format=html',
      markdown: 'https://afr.example.com/api/v1/incidents/INC%2F7%20x/report?format=md',
    });
    expect(reportUrl('https://afr.example.com/base', 'INC-1', 'json')).toBe(
      'https://afr.example.com/base/api/v1/incidents/INC-1/report?format=json',
    );
    expect(uiIncidentUrlTemplate('https://afr.example.com/')).toBe(
      'https://afr.example.com/#/incidents/{incident_id}',
    );
  });
});
