import type { Command } from 'commander';
import { installedArchitectures, knownArchitectures } from '../architectures.js';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the installed architecture packages and their presets')
    .action(async () => {
      const installed = await installedArchitectures();
      if (installed.length === 0) {
        console.log(`no architecture installed; install one, e.g.: npm install @ganforge/${knownArchitectures[0]}`);
        return;
      }
      for (const a of installed) {
        console.log(`${a.name.padEnd(10)} ${a.version.padEnd(8)} ${a.description}`);
        for (const [name, preset] of Object.entries(a.presets)) {
          console.log(`${''.padEnd(12)}--preset ${name.padEnd(14)} ${preset.gpu ? '[GPU] ' : ''}${preset.description}`);
        }
      }
      if (installed.some((a) => Object.values(a.presets).some((preset) => preset.gpu))) {
        console.log('[GPU]: sized for a GPU (--backend webgpu or tensorflow); on wasm or cpu a step takes seconds to minutes');
      }
      const missing = knownArchitectures.filter((n) => !installed.some((a) => a.name === n));
      if (missing.length > 0) console.log(`not installed: ${missing.join(', ')} (npm install @ganforge/<name>)`);
    });
}
