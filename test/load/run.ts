// make load / make load-compare: runs the kit and prints the table.
//   npx tsx test/load/run.ts [--targets controller,baseline] [--cps 5] [--calls 200 | --duration 40]
//     [--seats 20] [--controllers 1] [--limit 2000] [--talk-ms 5000] [--answer-ms 1000] [--ivr-ms 2500]
//     [--abandon 0.05] [--patience-ms 8000] [--log-level info] [--cpu-prof DIR] [--controller-log FILE]
//     [--events-log FILE] [--out FILE]
import { parseArgs } from 'node:util';
import { defaults, runLoad, table, type Target } from './kit.js';

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: 'controller' },
    cps: { type: 'string' },
    calls: { type: 'string' },
    duration: { type: 'string' },
    seats: { type: 'string' },
    controllers: { type: 'string' },
    limit: { type: 'string' },
    'talk-ms': { type: 'string' },
    'answer-ms': { type: 'string' },
    'ivr-ms': { type: 'string' },
    abandon: { type: 'string' },
    'patience-ms': { type: 'string' },
    'log-level': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'controller-log': { type: 'string' },
    'events-log': { type: 'string' },
    out: { type: 'string' },
  },
});
const num = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number(v));
const cps = num(values.cps, defaults.cps);
const report = await runLoad({
  targets: values.targets!.split(',') as Target[],
  cps,
  calls: values.duration ? Math.round(Number(values.duration) * cps) : num(values.calls, defaults.calls),
  seats: num(values.seats, defaults.seats),
  controllers: num(values.controllers, defaults.controllers),
  limit: num(values.limit, defaults.limit),
  talkMs: num(values['talk-ms'], defaults.talkMs),
  answerMs: num(values['answer-ms'], defaults.answerMs),
  ivrMs: num(values['ivr-ms'], defaults.ivrMs),
  abandonShare: num(values.abandon, defaults.abandonShare),
  patienceMs: num(values['patience-ms'], defaults.patienceMs),
  logLevel: values['log-level'] ?? defaults.logLevel,
  ...(values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {}),
  ...(values['controller-log'] ? { controllerLog: values['controller-log'] } : {}),
  ...(values['events-log'] ? { eventsLog: values['events-log'] } : {}),
  ...(values.out ? { out: values.out } : {}),
});
const o = report.options;
console.log(
  `\n${report.date} — ${report.machine.cores} cores, ${report.machine.memGb} GiB; ${o.calls} calls/target at ${o.cps}/s, ${o.seats} seats, ${o.controllers} controller(s), ` +
    `talk exp. mean ${o.talkMs} ms, answer lognormal median ${o.answerMs} ms, menu ${o.ivrMs} ms, ${o.abandonShare * 100} % impatient (${o.patienceMs} ms)\n`,
);
console.log(table(report));
const failed = report.results.some((r) => r.failed > 0);
process.exit(failed ? 1 : 0);
