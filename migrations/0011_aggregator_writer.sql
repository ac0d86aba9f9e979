-- The KPI aggregator's last committed batch: a new random token per batch, replaced under the writer lock.
-- The aggregator plans its next batch while the previous one is being written, from that batch's outcome
-- held in memory and a read of the rest; it uses such a plan only if the token shows that exactly that
-- batch committed in between (not another aggregator's, nor none because it failed), else it reads again.
create table aggregator_writer (
  id    boolean primary key default true check (id),
  token uuid not null
);
insert into aggregator_writer (token) values (gen_random_uuid());
