import { Command } from 'commander';
import { faultClearCommand } from './fault-clear.js';
import { faultDbFailoverCommand } from './fault-db-failover.js';
import { faultDbRecloneCommand } from './fault-db-reclone.js';
import { faultKillAllButOneCommand } from './fault-kill-all-but-one.js';
import { faultLatencyCommand } from './fault-latency.js';
import { faultNetworkCommand } from './fault-network.js';
import { faultPodKillCommand } from './fault-pod-kill.js';
import { faultPodPauseCommand } from './fault-pod-pause.js';
import { faultPodResumeCommand } from './fault-pod-resume.js';

/** `lab fault <kind>`: one file per kind of fault, each acting on a running lab through its control API. */
export function faultCommand(): Command {
  return new Command('fault')
    .description('break something in a running lab (or clear network faults)')
    .addCommand(faultPodKillCommand())
    .addCommand(faultKillAllButOneCommand())
    .addCommand(faultPodPauseCommand())
    .addCommand(faultPodResumeCommand())
    .addCommand(faultDbFailoverCommand())
    .addCommand(faultDbRecloneCommand())
    .addCommand(faultLatencyCommand())
    .addCommand(faultNetworkCommand())
    .addCommand(faultClearCommand());
}
