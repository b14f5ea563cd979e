/** Async jobs: pending for a while, then finished with a result or failed with an error. */
import type { Timers } from '../timers.js';
import { type CloudState, OWNER } from './cloud.js';
import type { Payload } from './context.js';
import { CloudStackFault, ErrorCode } from './errors.js';
import { type AsyncJob, csDate } from './model.js';

/** What a job does when it finishes: its `jobresult` on success, or throws a `CloudStackFault`. */
export type JobWork = () => Payload;

export interface JobSubmission {
  /** `jobinstancetype`/`jobinstanceid` of the object the job works on, if any. */
  instanceType?: string;
  instanceId?: string;
  work: JobWork;
}

/**
 * Runs async jobs: a job is pending (`jobstatus` 0) for `duration` ms, then does its work and
 * becomes successful (1, `jobresult` keyed by the object name) or failed (2, the error object).
 */
export class JobRunner {
  constructor(
    private readonly cloud: CloudState,
    private readonly timers: Timers,
    private readonly duration: number,
    private readonly now: () => Date,
  ) {}

  submit(command: string, submission: JobSubmission): AsyncJob {
    const job = this.cloud.jobs.insert((jobid) => ({
      jobid,
      accountid: OWNER.accountid,
      userid: OWNER.userid,
      cmd: `org.apache.cloudstack.api.command.user.${command}Cmd`,
      jobstatus: 0,
      jobprocstatus: 0,
      jobresultcode: 0,
      jobresulttype: 'object',
      ...(submission.instanceType === undefined ? {} : { jobinstancetype: submission.instanceType }),
      ...(submission.instanceId === undefined ? {} : { jobinstanceid: submission.instanceId }),
      created: csDate(this.now()),
    }));
    this.timers.after(this.duration, () => this.#finish(job.jobid, submission.work));
    return job;
  }

  #finish(jobid: string, work: JobWork): void {
    let outcome: Pick<AsyncJob, 'jobstatus' | 'jobresultcode' | 'jobresult'>;
    try {
      outcome = { jobstatus: 1, jobresultcode: 0, jobresult: work() };
    } catch (error) {
      const fault =
        error instanceof CloudStackFault
          ? error
          : new CloudStackFault(
              ErrorCode.internalError,
              error instanceof Error ? error.message : String(error),
            );
      const { errorcode, errortext } = fault;
      outcome = { jobstatus: 2, jobresultcode: errorcode, jobresult: { errorcode, errortext } };
    }
    this.cloud.jobs.update(jobid, { ...outcome, completed: csDate(this.now()) });
  }
}
