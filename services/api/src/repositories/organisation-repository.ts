import type { AgentDefinition, QueueDefinition } from '@hotline/acd';
import type { Executor } from './executor.js';

export async function upsertDepartment(db: Executor, d: { id: string; name: string; active: boolean }): Promise<void> {
  await db
    .insertInto('departments')
    .values(d)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: d.name, active: d.active, updated_at: new Date() }))
    .execute();
}

export async function listDepartments(db: Executor) {
  return db.selectFrom('departments').select(['id', 'name', 'active']).orderBy('id').execute();
}

/** Whether tickets may be dispatched to `id` now. */
export async function isActiveDepartment(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('departments').select('id').where('id', '=', id).where('active', '=', true).executeTakeFirst();
  return row !== undefined;
}

export async function upsertSkill(db: Executor, s: { name: string; description: string | null }): Promise<void> {
  await db
    .insertInto('skills')
    .values(s)
    .onConflict((oc) => oc.column('name').doUpdateSet({ description: s.description }))
    .execute();
}

export async function listSkills(db: Executor) {
  return db.selectFrom('skills').select(['name', 'description']).orderBy('name').execute();
}

/** The names among `names` that are not defined skills. */
export async function unknownSkills(db: Executor, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const known = await db.selectFrom('skills').select('name').where('name', 'in', names).execute();
  const found = new Set(known.map((k) => k.name));
  return names.filter((n) => !found.has(n));
}

export async function upsertQueue(db: Executor, queue: QueueDefinition): Promise<void> {
  const values = { skill: queue.skill, definition: JSON.stringify(queue) };
  await db
    .insertInto('queues')
    .values({ id: queue.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

export async function listQueues(db: Executor): Promise<QueueDefinition[]> {
  const rows = await db.selectFrom('queues').select('definition').orderBy('id').execute();
  return rows.map((r) => r.definition as QueueDefinition);
}

export async function upsertAgent(db: Executor, agent: AgentDefinition, userId: string | null): Promise<void> {
  const values = { seat: agent.seat, user_id: userId, definition: JSON.stringify(agent) };
  await db
    .insertInto('agents')
    .values({ id: agent.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

export async function listAgents(db: Executor): Promise<{ agent: AgentDefinition; userId: string | null }[]> {
  const rows = await db.selectFrom('agents').select(['definition', 'user_id']).orderBy('id').execute();
  return rows.map((r) => ({ agent: r.definition as AgentDefinition, userId: r.user_id }));
}
