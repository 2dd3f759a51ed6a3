import { z } from 'zod';
import { RequestId } from '../schemas';
import { channel } from './define';

export const JobId = z.string().max(80, { message: 'is not a job id', abort: true }).regex(/^job_[A-Za-z0-9-]{8,64}$/, 'is not a job id');

export const JobStatus = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number().int(),
  total: z.number().int(),
  message: z.string().nullable(),
  /** Where the job's output went (a folder or file), once done. */
  output: z.string().nullable(),
});
export type JobStatus = z.infer<typeof JobStatus>;

export const dataContract = {
  'data:exportAll': channel({
    summary: 'Writes every table as CSV into a new folder (a long job: poll jobs:status, cancel with jobs:cancel) (admin).',
    input: z.strictObject({
      requestId: RequestId,
      /** An absolute folder path; defaults to the data folder's exports/. */
      folder: z.string().trim().min(1).max(1000).optional(),
      /** Write a UTF-8 byte-order mark so spreadsheet programs detect the encoding. */
      bom: z.boolean().default(true),
    }),
    output: JobStatus,
  }),
  'jobs:status': channel({ summary: 'Progress of a long job.', input: z.strictObject({ jobId: JobId }), output: JobStatus }),
  'jobs:cancel': channel({ summary: 'Stops a running job; what it wrote so far is removed.', input: z.strictObject({ jobId: JobId }), output: JobStatus }),
};
