import { computeFunding } from '../shared/domain/funding';
import { exampleD } from '../tests/unit/domain/fixtures';
const input = exampleD({ attainment: [{ year: 1, mission: 'parcours', rate: 0.5 }, { year: 2, mission: 'parcours', rate: 0.5 }] });
for (let i = 0; i < 2000; i++) computeFunding(input);
const t0 = performance.now();
for (let i = 0; i < 5000; i++) computeFunding(input);
console.log('per contract µs', ((performance.now() - t0) / 5000 * 1000).toFixed(1));
