import type { Category } from './vocabulary.js';

/** Site settings the workflow reads. */
export interface WorkflowOptions {
  /**
   * Categories an agent may resolve online (在线办结). Default: all but
   * complaints and reports. Seed 001 counts "投诉件未派单" (a complaint not
   * dispatched) as a defect; a report (举报) needs a department to
   * investigate, and seed 002 treats 投诉类、举报类 alike.
   */
  readonly onlineResolvableCategories: readonly Category[];
}

export const DEFAULT_WORKFLOW_OPTIONS: WorkflowOptions = {
  onlineResolvableCategories: ['consult', 'help', 'suggestion'],
};
