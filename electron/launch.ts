import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from './core/config.ts';
import { electronBinary } from './electron-binary.ts';
import { installLastResort, onceAsync } from './core/last-resort.ts';
import { runHost } from './host/run.ts';

/**
 * `npm start`: the desktop app when the Electron binary is installed; otherwise the same app in
 * browser mode (the headless host on 127.0.0.1), instead of failing.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

function openInBrowser(url: string): void {
  const opener =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const child = spawn(opener[0] as string, opener[1] as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

const electron = electronBinary();
if (electron) {
  const built = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build-electron.ts', import.meta.url))], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = process.env.FAPIAO_PORT ? Number(process.env.FAPIAO_PORT) : 0;
  const running = await runHost({ dataDir: defaultDataDir(), port });
  const stop = onceAsync(() => running.stop());
  // Anything uncaught: logged, core closed (database checkpointed), sandbox stopped, exit 1.
  installLastResort(stop);
  process.stdout.write(
    `未安装 Electron 桌面程序，已以浏览器模式启动 (no Electron binary: running in browser mode):\n  ${running.host.openUrl}\n` +
      `此链接只能打开一次 (this link opens once)。数据目录 (data): ${defaultDataDir()}   按 Ctrl+C 退出 (Ctrl+C to stop)\n`,
  );
  openInBrowser(running.host.openUrl);
  const shutdown = (): void => {
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
