-- Room on each page for the new version of a row the aggregator adds to: the all-agents ('*') agent-time
-- rows and the voice rollups of an interval are updated by batch after batch, and with full pages every
-- update wrote its new version to another page and a new index entry; with free room it stays on its page
-- (a HOT update, no index entry). Applies to the pages written from now on.
alter table agent_state_rollups set (fillfactor = 70);
alter table voice_rollups set (fillfactor = 70);
