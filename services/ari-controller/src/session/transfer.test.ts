import { describe, expect, it } from 'vitest';
import { ringingTargetAgent, transferStep, type TransferInput, type TransferState, type TransferStep } from './transfer.js';

const idle: TransferState = { phase: 'idle' };
const toAgent = { type: 'agent', agentId: 'b1' } as const;
const toNumber = { type: 'external', number: '13900000000' } as const;

/** Runs inputs from idle; every step must be accepted. */
function run(...inputs: TransferInput[]): { state: TransferState; steps: Extract<TransferStep, { ok: true }>[] } {
  let state = idle;
  const steps: Extract<TransferStep, { ok: true }>[] = [];
  for (const input of inputs) {
    const step = transferStep(state, input);
    if (!step.ok) throw new Error(`${input.type} refused: ${step.reason}`);
    steps.push(step);
    state = step.next;
  }
  return { state, steps };
}

const consultAgent: TransferInput = { type: 'start', mode: 'attended', target: toAgent, channelId: 't1', targetAgentId: 'b1' };
const consultNumber: TransferInput = { type: 'start', mode: 'attended', target: toNumber, channelId: 't1', targetAgentId: null };
const blindAgent: TransferInput = { type: 'start', mode: 'blind', target: toAgent, channelId: 't1', targetAgentId: 'b1' };
const blindNumber: TransferInput = { type: 'start', mode: 'blind', target: toNumber, channelId: 't1', targetAgentId: null };
const answered: TransferInput = { type: 'target_answered', channelId: 't1' };
const targetLeft: TransferInput = { type: 'target_left', channelId: 't1' };

describe('attended transfer (consultation)', () => {
  it('start holds the caller; the target answering joins the agent; complete hands the caller over', () => {
    const { state, steps } = run(consultAgent, answered, { type: 'complete' });
    expect(steps.map((s) => s.effects)).toEqual([[{ do: 'hold_caller' }], [{ do: 'connect_target' }], [{ do: 'hand_over' }]]);
    expect(steps[2]!.outcome).toBe('completed');
    expect(state).toEqual(idle);
  });

  it('cancel while ringing: the target agent is un-offered and the caller comes back', () => {
    const { steps } = run(consultAgent, { type: 'cancel' });
    expect(steps[1]).toMatchObject({ outcome: 'cancelled', effects: [{ do: 'drop_target', agentEvent: 'offer_cancelled' }, { do: 'return_caller' }] });
  });

  it('cancel after the target answered: the target agent ends a call (wrap-up); a number has no agent state', () => {
    expect(run(consultAgent, answered, { type: 'cancel' }).steps[2]!.effects[0]).toEqual({ do: 'drop_target', agentEvent: 'call_ended' });
    expect(run(consultNumber, answered, { type: 'cancel' }).steps[2]!.effects[0]).toEqual({ do: 'drop_target', agentEvent: null });
  });

  it('the target not answering (or rejecting) is a no-answer: RONA for an agent, the caller returns', () => {
    const { steps } = run(consultAgent, targetLeft);
    expect(steps[1]).toMatchObject({ outcome: 'no_answer', effects: [{ do: 'drop_target', agentEvent: 'ring_no_answer' }, { do: 'return_caller' }] });
  });

  it('the target hanging up during the consultation returns the caller', () => {
    expect(run(consultNumber, answered, targetLeft).steps[2]).toMatchObject({ outcome: 'target_hung_up', effects: [{ do: 'drop_target' }, { do: 'return_caller' }] });
  });

  it('the agent hanging up hands over once the target answered, drops a target still ringing', () => {
    expect(run(consultAgent, answered, { type: 'agent_left' }).steps[2]).toMatchObject({ outcome: 'completed', effects: [{ do: 'hand_over' }] });
    expect(run(consultAgent, { type: 'agent_left' }).steps[1]).toMatchObject({ outcome: 'cancelled', effects: [{ do: 'drop_target', agentEvent: 'offer_cancelled' }] });
  });

  it('the caller hanging up drops the target (no return: nobody to return)', () => {
    expect(run(consultAgent, answered, { type: 'caller_left' }).steps[2]).toMatchObject({ outcome: 'caller_hung_up', effects: [{ do: 'drop_target', agentEvent: 'call_ended' }] });
  });

  it('refuses what the state does not allow, with a reason', () => {
    expect(transferStep(idle, { type: 'complete' })).toMatchObject({ ok: false, status: 409, reason: 'no consultation in progress' });
    expect(transferStep(idle, { type: 'cancel' })).toMatchObject({ ok: false, status: 409 });
    const ringing = run(consultAgent).state;
    expect(transferStep(ringing, { type: 'complete' })).toMatchObject({ ok: false, reason: 'the target has not answered yet' });
    expect(transferStep(ringing, consultNumber)).toMatchObject({ ok: false, reason: 'a transfer is already in progress' });
    expect(transferStep(idle, { type: 'start', mode: 'blind', target: { type: 'queue', queueId: 'b' }, channelId: 'x', targetAgentId: null })).toMatchObject({ ok: false });
  });

  it('a second answer or a leg that is not the target is hung up as a stray', () => {
    const connected = run(consultAgent, answered).state;
    expect(transferStep(connected, answered)).toMatchObject({ ok: true, effects: [{ do: 'hangup_stray', channelId: 't1' }] });
    expect(transferStep(idle, { type: 'target_answered', channelId: 'old' })).toMatchObject({ ok: true, effects: [{ do: 'hangup_stray', channelId: 'old' }] });
    expect(transferStep(connected, { type: 'target_left', channelId: 'other' })).toMatchObject({ ok: true, next: connected, effects: [] });
  });
});

describe('blind transfer to an agent or a number', () => {
  it('start releases the agent at once; the target answering takes the caller', () => {
    const { state, steps } = run(blindNumber, answered);
    expect(steps.map((s) => s.effects)).toEqual([[{ do: 'release_agent' }], [{ do: 'hand_over' }]]);
    expect(steps[1]!.outcome).toBe('completed');
    expect(state).toEqual(idle);
  });

  it('nobody answering puts the caller back in the queue (RONA for an agent)', () => {
    expect(run(blindAgent, targetLeft).steps[1]).toMatchObject({ outcome: 'no_answer', effects: [{ do: 'drop_target', agentEvent: 'ring_no_answer' }, { do: 'requeue' }] });
  });

  it('cannot be completed or cancelled; the (already gone) agent leaving changes nothing', () => {
    const ringing = run(blindAgent).state;
    expect(transferStep(ringing, { type: 'complete' })).toMatchObject({ ok: false });
    expect(transferStep(ringing, { type: 'cancel' })).toMatchObject({ ok: false });
    expect(transferStep(ringing, { type: 'agent_left' })).toMatchObject({ ok: true, next: ringing, effects: [] });
  });

  it('names the agent being rung for the sweeper', () => {
    expect(ringingTargetAgent(run(blindAgent).state)).toBe('b1');
    expect(ringingTargetAgent(run(consultAgent, answered).state)).toBeNull();
    expect(ringingTargetAgent(run(blindNumber).state)).toBeNull();
  });
});

describe('a transfer taken over by another controller (state through the call record, JSON)', () => {
  const throughRecord = (s: TransferState): TransferState => JSON.parse(JSON.stringify(s)) as TransferState;

  it('a consultation in progress is still completable and cancellable from its mirrored state', () => {
    const consulting = throughRecord(run(consultAgent, answered).state);
    expect(transferStep(consulting, { type: 'complete' })).toMatchObject({ ok: true, outcome: 'completed', effects: [{ do: 'hand_over' }] });
    expect(transferStep(consulting, { type: 'cancel' })).toMatchObject({ ok: true, outcome: 'cancelled', effects: [{ do: 'drop_target', agentEvent: 'call_ended' }, { do: 'return_caller' }] });
  });

  it('a blind target that hung up unseen puts the caller back in the queue; one still ringing can answer', () => {
    const ringing = throughRecord(run(blindAgent).state);
    expect(transferStep(ringing, targetLeft)).toMatchObject({ ok: true, outcome: 'no_answer', effects: [{ do: 'drop_target', agentEvent: 'ring_no_answer' }, { do: 'requeue' }] });
    expect(transferStep(ringing, answered)).toMatchObject({ ok: true, outcome: 'completed', effects: [{ do: 'hand_over' }] });
  });
});
