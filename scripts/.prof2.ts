import { computeFunding } from '../shared/domain/funding';
import { exampleD } from '../tests/unit/domain/fixtures';
const input = exampleD({ attainment: [{ year: 1, mission: 'parcours', rate: 0.5 }, { year: 2, mission: 'parcours', rate: 0.5 }] });
for (let i = 0; i < 3000; i++) computeFunding(input);
const c0 = process.cpuUsage(); const t0 = performance.now();
for (let i = 0; i < 10000; i++) computeFunding(input);
const c = process.cpuUsage(c0);
console.log('per contract µs wall', ((performance.now() - t0) / 10).toFixed(1), 'user', (c.user / 10000).toFixed(1), 'sys', (c.system/10000).toFixed(1));
