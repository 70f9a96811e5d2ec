import { computeFunding } from '../shared/domain/funding';
import { exampleD } from '../tests/unit/domain/fixtures';
const r = computeFunding(exampleD({ attainment: [{ year: 1, mission: 'parcours', rate: 0.5 }] }));
const ts = r.tranches;
console.log(ts.length);
function t(name: string, f: () => unknown) { for (let i = 0; i < 2000; i++) f(); const t0 = performance.now(); for (let i = 0; i < 10000; i++) f(); console.log(name, ((performance.now() - t0) / 10).toFixed(2), 'µs'); }
t('key sort', () => ts.map((t) => ({ k: `${t.dueOn}|${t.id}`, t })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.t));
t('cmp sort', () => [...ts].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
t('reverse cmp sort', () => [...ts].reverse().sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
t('compute', () => computeFunding(exampleD({ attainment: [{ year: 1, mission: 'parcours', rate: 0.5 }] })));
