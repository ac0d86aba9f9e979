// The wallboard: draws each `snapshot` event of GET /realtime (Server-Sent Events).
// A plain ES module with no build step; EventSource reconnects by itself.

const $ = (sel) => document.querySelector(sel);
const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const duration = (ms) => {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};
const STATE_NAMES = {
  ready: '空闲 Ready', on_call: '通话 On call', wrap_up: '话后 Wrap-up', reserved: '振铃 Ringing',
  not_ready: '未就绪 Not ready', break: '小休 Break', signed_out: '签出 Signed out',
};

function setKpi(name, text, level) {
  const el = document.querySelector(`[data-kpi="${name}"]`);
  el.textContent = text;
  el.classList.remove('ok', 'warn', 'bad');
  if (level) el.classList.add(level);
}

function rows(tbody, items) {
  tbody.replaceChildren(
    ...items.map(({ cells, alerting }) => {
      const tr = document.createElement('tr');
      if (alerting) tr.className = 'alerting';
      for (const c of cells) {
        const td = document.createElement('td');
        td.textContent = c;
        tr.append(td);
      }
      return tr;
    }),
  );
}

function draw(view) {
  $('#day').textContent = view.localDay;
  $('#clock').textContent = new Date(view.at).toLocaleTimeString('zh-CN', { hour12: false });
  const t = view.today;
  setKpi('arrived', String(t.arrived));
  setKpi('offered', String(t.offered));
  setKpi('answered', String(t.answered));
  setKpi('abandoned', String(t.abandoned));
  setKpi('answerRate', pct(t.answerRate), t.answerRate === null ? null : t.answerRate >= 0.95 ? 'ok' : 'bad');
  const sl = Object.fromEntries(t.serviceLevels.map((s) => [s.thresholdSec, s.value]));
  const slAlert = view.alerts.some((a) => a.kind === 'service_level');
  setKpi('sl15', pct(sl[15]), sl[15] === null || sl[15] === undefined ? null : slAlert ? 'bad' : 'ok');
  setKpi('sl30', pct(sl[30]));
  setKpi('waiting', String(view.waitingTotal), view.alerts.some((a) => a.kind === 'queue_waiting') ? 'bad' : null);
  setKpi('longestWait', duration(view.longestWaitMs));
  const alerting = new Set(view.alerts.filter((a) => a.queueId !== undefined).map((a) => a.queueId));
  rows($('#queues'), view.queues.map((q) => ({ cells: [q.queueId || '—', String(q.waiting), duration(q.longestWaitMs)], alerting: alerting.has(q.queueId) })));
  rows($('#agents'), Object.entries(view.agents).map(([state, n]) => ({ cells: [STATE_NAMES[state] ?? state, String(n)] })));
  $('#alerts').replaceChildren(
    ...view.alerts.map((a) => {
      const div = document.createElement('div');
      div.className = 'alert';
      div.textContent = `⚠ ${a.message}`;
      return div;
    }),
  );
}

// The screen's API key comes in the page's fragment (/wallboard#token=<key>): a fragment never
// leaves the browser, so the key reaches the API only as the stream's access_token.
const link = $('#link');
const token = new URLSearchParams(location.hash.slice(1)).get('token');
if (!token) {
  link.textContent = 'no key: open /wallboard#token=<API key>';
} else {
  const source = new EventSource(`/realtime?access_token=${encodeURIComponent(token)}`);
  source.addEventListener('snapshot', (e) => draw(JSON.parse(e.data)));
  source.addEventListener('open', () => {
    link.textContent = 'live';
    link.className = 'link up';
  });
  source.addEventListener('error', () => {
    // A refused key (401/403) closes the stream for good; anything else reconnects by itself.
    link.textContent = source.readyState === EventSource.CLOSED ? 'key refused or expired' : 'reconnecting…';
    link.className = 'link down';
  });
}
