/**
 * The changes webhook, framework-free: `afr serve` mounts it at `POST /api/v1/changes` and
 * passes the parsed JSON body; the answer says which status and JSON body to send back.
 *
 * ## Reporting changes to afr (copy into the docs)
 *
 * `POST /api/v1/changes` with `Content-Type: application/json` and either one change or
 * `{"source": "...", "changes": [ ... ]}` (at most 500 per request). Fields of a change:
 *
 * | field              | required | meaning                                                        |
 * |--------------------|----------|----------------------------------------------------------------|
 * | `service`          | yes      | the afr service name                                           |
 * | `kind`             | no       | deploy (default), config, feature_flag, scale or infra         |
 * | `timestamp`        | no       | epoch seconds, epoch milliseconds or ISO-8601 with a zone; the time of receipt when absent |
 * | `version`          | no       | what is running now (tag, image, commit)                       |
 * | `previous_version` | no       | what ran before                                                |
 * | `description`      | no       | one line for the incident timeline                             |
 * | `author`           | no       | who or what made the change                                    |
 * | `id`               | no       | your id for the change; a re-sent id replaces the earlier one  |
 * | `source`           | no       | the sending system (spinnaker, github-actions, ...)            |
 *
 * Without an `id`, afr derives one from source, service, kind, timestamp and version, so
 * send a `timestamp` (or an `id`) if your pipeline may retry the POST.
 * Answers: `202 {"accepted": n, "replaced": m, "ids": [...]}`, or `400 {"error": ...,
 * "issues": [{"path": "changes[0].timestamp", "message": "..."}]}` naming every bad field.
 *
 * GitHub Actions, as the last step of a deploy job:
 *
 *     - name: Tell afr about the deploy
 *       run: |
 *         curl -fsS -X POST "$AFR_URL/api/v1/changes" \
 *           -H 'Content-Type: application/json' \
 *           -d "{\"service\": \"checkout\", \"kind\": \"deploy\", \"version\": \"${GITHUB_SHA::12}\",
 *                \"timestamp\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"author\": \"${GITHUB_ACTOR}\",
 *                \"id\": \"gha-${GITHUB_RUN_ID}-${GITHUB_RUN_ATTEMPT}\", \"source\": \"github-actions\"}"
 *
 * Spinnaker, a Webhook stage (method POST, URL `https://afr.example.internal/api/v1/changes`):
 *
 *     {
 *       "source": "spinnaker",
 *       "changes": [{
 *         "service": "${execution.application}",
 *         "kind": "deploy",
 *         "version": "${trigger.tag}",
 *         "timestamp": ${execution.startTime},
 *         "id": "spinnaker-${execution.id}",
 *         "author": "${execution.authentication.user}"
 *       }]
 *     }
 *
 * (`execution.startTime` is in epoch milliseconds, which afr accepts as is.)
 */
import { type PayloadIssue, parseChangesPayload } from './change-payload.js';
import type { WebhookChangeSource } from './webhook-change-source.js';

export interface ChangesWebhookReply {
  status: 202 | 400;
  body: { accepted: number; replaced: number; ids: string[] } | { error: string; issues: PayloadIssue[] };
}

export interface ChangesWebhookOptions {
  /** Where accepted changes go. */
  sink: WebhookChangeSource;
  /** The current time in epoch seconds; stamps changes posted without a timestamp. */
  now?: () => number;
}

/** Builds the handler for `POST /api/v1/changes`. */
export function createChangesWebhook(options: ChangesWebhookOptions): (body: unknown) => ChangesWebhookReply {
  const now = options.now ?? (() => Date.now() / 1000);
  return (body) => {
    const parsed = parseChangesPayload(body, now());
    if (!parsed.ok) {
      return { status: 400, body: { error: 'invalid change payload', issues: parsed.issues } };
    }
    const recorded = options.sink.record(parsed.changes);
    return {
      status: 202,
      body: {
        accepted: recorded.added,
        replaced: recorded.replaced,
        ids: parsed.changes.map((change) => change.id ?? ''),
      },
    };
  };
}
