/**
 * Jenkins builds (remote access API, `api/json` with a `tree` filter) as ChangeEvents. A
 * build's change time is when it finished (`timestamp` + `duration`, both milliseconds),
 * as the deploy step is normally a job's last; the version is the configured build
 * parameter, else a custom display name, else the build number; the author is the user
 * who started it.
 */
import { z } from 'zod';
import type { ChangeEvent } from '../../core/telemetry.js';

/** The build fields requested; `{m,n}` ranges are appended per page. */
export const BUILD_TREE =
  'builds[number,result,timestamp,duration,displayName,url,actions[parameters[name,value],causes[shortDescription,userId,userName]]]';

const ActionSchema = z
  .object({
    parameters: z.array(z.object({ name: z.string(), value: z.unknown().optional() })).optional(),
    causes: z
      .array(
        z.object({
          shortDescription: z.string().optional(),
          userId: z.string().nullish(),
          userName: z.string().nullish(),
        }),
      )
      .optional(),
  })
  .nullable();

export const JenkinsBuildSchema = z.object({
  number: z.number(),
  result: z.string().nullable(),
  timestamp: z.number(),
  duration: z.number(),
  displayName: z.string().optional(),
  url: z.string().optional(),
  actions: z.array(ActionSchema).default([]),
});
export type JenkinsBuild = z.output<typeof JenkinsBuildSchema>;

export const JenkinsJobSchema = z.object({ builds: z.array(JenkinsBuildSchema).nullish() });

export function parseJenkinsJob(json: unknown): JenkinsBuild[] {
  const parsed = JenkinsJobSchema.safeParse(json);
  if (!parsed.success) throw new Error(`unexpected Jenkins job payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data.builds ?? [];
}

export function jenkinsFinishedAt(build: JenkinsBuild): number {
  return (build.timestamp + build.duration) / 1000;
}

function versionOf(build: JenkinsBuild, parameter: string | undefined): string {
  if (parameter) {
    for (const action of build.actions) {
      const found = action?.parameters?.find((p) => p.name === parameter);
      if (found && found.value !== undefined && found.value !== null && found.value !== '')
        return String(found.value);
    }
  }
  if (build.displayName && build.displayName !== `#${build.number}`) return build.displayName;
  return `#${build.number}`;
}

function causeOf(build: JenkinsBuild) {
  for (const action of build.actions) {
    const cause = action?.causes?.[0];
    if (cause) return cause;
  }
  return undefined;
}

/** Builds in any order → ChangeEvents for those whose result counts, oldest first. */
export function jenkinsBuildChanges(
  job: string,
  service: string,
  builds: readonly JenkinsBuild[],
  options: { results: readonly string[]; versionParameter?: string },
): ChangeEvent[] {
  const deploys = builds
    .filter((b) => b.result !== null && options.results.includes(b.result))
    .sort((a, b) => jenkinsFinishedAt(a) - jenkinsFinishedAt(b));
  return deploys.map((build, i) => {
    const cause = causeOf(build);
    let description = `${job} #${build.number}`;
    if (build.result !== 'SUCCESS') description += ` (${build.result})`;
    if (cause?.shortDescription) description += `: ${cause.shortDescription}`;
    const change: ChangeEvent = {
      timestamp: jenkinsFinishedAt(build),
      service,
      kind: 'deploy',
      version: versionOf(build, options.versionParameter),
      description,
      id: `jenkins:${job}#${build.number}`,
    };
    if (i > 0) change.previous_version = versionOf(deploys[i - 1], options.versionParameter);
    const author = cause?.userName ?? cause?.userId;
    if (author) change.author = author;
    return change;
  });
}
