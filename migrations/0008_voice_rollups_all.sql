-- Every call per local 15-minute interval once more, as dim = 'all' (dim_id ''): the sum of that interval's
-- queue rows, kept as one row so that a site's month reads ~3,000 rows instead of one per queue and interval
-- (the month scorecard over 1 M calls went over 200 ms under load summing ~15,000). Written by the aggregator
-- with the queue and agent rows; filled here from the queue rows already stored.
alter table voice_rollups drop constraint voice_rollups_dim_check;
alter table voice_rollups add constraint voice_rollups_dim_check check (dim in ('queue', 'agent', 'all'));

with queue_rows as (
  select * from voice_rollups where dim = 'queue'
), thresholds as (
  -- A threshold counts only where every queue row of the interval has it (reads refuse rows without it).
  select r.interval_start, jsonb_object_agg(t.key, t.n) as answered_within
    from (select interval_start, count(*) as n from queue_rows group by 1) r
    join (select q.interval_start, w.key, sum(w.value::bigint) as n, count(*) as rows_with
            from queue_rows q cross join lateral jsonb_each_text(q.answered_within) w group by 1, 2) t
      on t.interval_start = r.interval_start and t.rows_with = r.n
   group by r.interval_start
)
insert into voice_rollups (interval_start, dim, dim_id, arrived, offered, answered, answered_within, abandoned, short_abandoned,
                           wait_sum_ms, wait_max_ms, talk_ms, hold_ms, acw_ms, handled, surveyed, survey_satisfied,
                           survey_basically_satisfied, survey_dissatisfied, survey_no_answer, abandoned_called_back,
                           recordings, recordings_reviewed)
select q.interval_start, 'all', '', sum(arrived), sum(offered), sum(answered), coalesce(t.answered_within, '{}'), sum(abandoned),
       sum(short_abandoned), sum(wait_sum_ms), max(wait_max_ms), sum(talk_ms), sum(hold_ms), sum(acw_ms), sum(handled), sum(surveyed),
       sum(survey_satisfied), sum(survey_basically_satisfied), sum(survey_dissatisfied), sum(survey_no_answer),
       sum(abandoned_called_back), sum(recordings), sum(recordings_reviewed)
  from queue_rows q left join thresholds t on t.interval_start = q.interval_start
 group by q.interval_start, t.answered_within;
