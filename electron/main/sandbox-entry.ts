// Entry of dist/electron/fapiao.cjs: the CLI (and its `sandbox` command) for plain Node and utility processes.
// Import order matters: argv is fixed before the CLI reads it.
import './utility-argv.ts';
import '../cli/fapiao.ts';
