/**
 * The audit log from the command line: `afr demo` fills the SQLite store; `afr audit export`
 * prints it as JSON lines; `afr audit verify` accepts the untouched chain and names the
 * exact entry after one is edited behind afr's back (its guard triggers dropped first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn } from '../../src/cli/testing/run-cli-in.js';

const dir = mkdtempSync(join(tmpdir(), 'afr-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const afr = cliIn(dir);

describe('afr audit', () => {
  it('exports, verifies, and names the tampered entry', async () => {
    expect((await afr('demo', '--scenario', 'bad-deploy-error-spike')).code).toBe(0);
    const exported = await afr('audit', 'export');
    const entries = exported.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; action: string });
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));

    const intact = await afr('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(new RegExp(`intact: ${entries.length} entries`));

    const db = new Database(join(dir, 'afr.db'));
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4").run();
    db.close();
    const tampered = await afr('audit', 'verify');
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/TAMPERED at entry 4\b/);
  });

  it('prints the postmortem of an incident as Markdown, HTML and JSON', async () => {
    const exported = await afr('audit', 'export');
    const id = (JSON.parse(exported.out.trim().split('\n')[0] ?? '{}') as { incident_id: string })
      .incident_id;
    const md = await afr('report', id);
    expect(md.code, md.err).toBe(0);
    expect(md.out).toMatch(new RegExp(`^# Postmortem: .* \\(${id}\\)`));
    expect(md.out).toMatch(/## Root cause\ndeployment regression on \*\*/);
    expect(md.out).toMatch(/- rollback on .*: (verified|succeeded|applied)/);
    expect(md.out).toMatch(/## Follow-ups\n- \[ \] Find and fix the defect/);
    const html = await afr('report', id, '--format', 'html');
    expect(html.out).toMatch(/<h1>Postmortem: /);
    expect(html.out).not.toMatch(/<script/);
    const json = JSON.parse((await afr('report', id, '--format', 'json')).out) as {
      root_cause: { cause: string };
    };
    expect(json.root_cause.cause).toBe('deployment_regression');
    expect((await afr('report', id, '--format', 'pdf')).code).toBe(2);
    expect((await afr('report', 'INC-none')).code).toBe(2);
  });

  it("prints insights in the seed's structure from the history", async () => {
    const text = await afr('insights');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(
      /^incidents: 1\nsuccess_rate: 1\.00\ncommon_root_causes:\n {2}\(deployment regression, 100%\)\neffective_strategies:\n {2}\(rollback, 100% success over 1\)/,
    );
    const json = JSON.parse((await afr('insights', '--json')).out) as {
      success_rate: number;
      effective_strategies: [string, number][];
    };
    expect(json.effective_strategies).toEqual([['rollback', 1]]);
  });

  it('refuses to approve an incident that does not exist, as bad input', async () => {
    const result = await afr('approve', 'INC-nope');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/no incident INC-nope/);
  });
});
