import type { Row } from '../report.ts';
import { databaseOutage } from './db-outage.ts';
import { load } from './load.ts';
import { platformFaults } from './platform-faults.ts';
import { registrarFaults } from './registrar-faults.ts';
import { soak } from './soak.ts';

export interface ScenarioContext {
  /** CI's version: shorter outages, storms and soak */
  short: boolean;
  log(line: string): void;
}

export interface Scenario {
  name: string;
  title: string;
  run(ctx: ScenarioContext): Promise<Row[]>;
}

export const scenarios: Scenario[] = [load, platformFaults, databaseOutage, registrarFaults, soak];
