import { useEffect, useState, type ReactNode } from 'react';
import type { Item } from '../../../electron/contract/calls-catalog.ts';
import type { Settings } from '../../../electron/contract/calls-settings.ts';
import { NewItemForm } from '../cashier/NewItemForm.tsx';
import { useT } from '../i18n/react.ts';
import { errorText } from '../shared/errors.ts';

type Patch = Parameters<typeof window.fapiao.saveSettings>[0];

/** One settings section: its own fields and its own 保存, with the outcome said next to the button. */
export function Section({ title, onSave, children }: { title: string; onSave?: () => Promise<unknown>; children: ReactNode }) {
  const t = useT();
  const [note, setNote] = useState('');
  return (
    <form
      className="settings-section panel"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave?.().then(
          () => setNote(t('已保存')),
          (err: unknown) => setNote(errorText(err)),
        );
      }}
    >
      <h3>{title}</h3>
      {children}
      {onSave && (
        <div className="row">
          <button type="submit" className="primary">
            {t('保存')}
          </button>
          {note && <span role="status">{note}</span>}
        </div>
      )}
    </form>
  );
}

export function Text({ label, value, onChange, type = 'text', readOnly, mode }: { label: string; value: string; onChange?: (v: string) => void; type?: string; readOnly?: boolean; mode?: 'numeric' | 'decimal' }) {
  return (
    <label className="field">
      {label}
      <input aria-label={label} type={type} inputMode={mode} value={value} readOnly={readOnly} onChange={(e) => onChange?.(e.target.value)} />
    </label>
  );
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="field">
      <input type="checkbox" aria-label={label} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

export function StoreFields({ s, set }: { s: Settings; set: (s: Settings) => void }) {
  const t = useT();
  return (
    <div className="grid2">
      <Text label={t('门店名称')} value={s.store.name} onChange={(v) => set({ ...s, store: { ...s.store, name: v } })} />
      <Text label={t('销售方名称')} value={s.seller.name} onChange={(v) => set({ ...s, seller: { ...s.seller, name: v } })} />
      <Text label={t('销售方税号')} value={s.seller.taxId} readOnly />
      <Text label={t('地址')} value={s.seller.address ?? ''} onChange={(v) => set({ ...s, seller: { ...s.seller, address: v } })} />
      <Text label={t('电话')} value={s.seller.phone ?? ''} onChange={(v) => set({ ...s, seller: { ...s.seller, phone: v } })} />
    </div>
  );
}

export function ChannelFields({ s, set }: { s: Settings; set: (s: Settings) => void }) {
  const t = useT();
  const [key, setKey] = useState('');
  const [keyNote, setKeyNote] = useState('');
  const production = s.channel.mode === 'production';
  return (
    <>
      <div className="row" role="radiogroup" aria-label={t('开票通道')}>
        <label className="radio">
          <input type="radio" name="channel-mode" checked={!production} onChange={() => set({ ...s, channel: { ...s.channel, mode: 'sandbox' } })} /> {t('沙箱（练习、首次使用）')}
        </label>
        <label className="radio">
          <input type="radio" name="channel-mode" checked={production} onChange={() => set({ ...s, channel: { ...s.channel, mode: 'production' } })} /> {t('生产')}
        </label>
      </div>
      {production && (
        <>
          <div className="grid2">
            <Text label={t('通道地址')} value={s.channel.baseUrl ?? ''} onChange={(v) => set({ ...s, channel: { ...s.channel, baseUrl: v } })} />
            <Text label="AppID" value={s.channel.appId ?? ''} onChange={(v) => set({ ...s, channel: { ...s.channel, appId: v } })} />
          </div>
          <Text
            label={t('通道回复签名公钥（04 开头 130 位十六进制，由网关提供）')}
            value={s.channel.platformPublicKeyHex ?? ''}
            onChange={(v) => set({ ...s, channel: { ...s.channel, platformPublicKeyHex: v.trim() } })}
          />
          <div className="row">
            <label className="field">
              {t('密钥')}（{s.channel.keySet ? t('已设置') : t('未设置')}，只写不显示）
              <input aria-label="通道密钥" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
            </label>
            <button
              type="button"
              onClick={() =>
                void window.fapiao.setChannelSecret({ key }).then(
                  () => setKeyNote(t('已保存')),
                  (e: unknown) => setKeyNote(errorText(e)),
                ).finally(() => setKey(''))
              }
            >
              保存密钥
            </button>
          </div>
          {keyNote && <p role="alert" className="field-error">{keyNote}</p>}
          {s.channel.secretStore === 'unavailable' && (
            <p className="note warn-text">浏览器模式无法安全保存生产密钥（没有系统钥匙串）：请在桌面版中填写。</p>
          )}
        </>
      )}
    </>
  );
}

/** Write-only: a password goes to the secret store and is never shown again. */
function SecretField({ name, label }: { name: 'signer.certPassword' | 'mail.password'; label: string }) {
  const [password, setPassword] = useState('');
  const [note, setNote] = useState('');
  return (
    <div className="row">
      <label className="field">
        {label}（只写不显示）
        <input aria-label={label} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={() =>
          void window.fapiao
            .setChannelSecret({ name, key: password })
            .then(
              () => setNote('已保存'),
              (e: unknown) => setNote(errorText(e)),
            )
            .finally(() => setPassword(''))
        }
      >
        保存密码
      </button>
      {note && <p role="alert" className="field-error">{note}</p>}
    </div>
  );
}

export function LimitsFields({ s, set }: { s: Settings; set: (s: Settings) => void }) {
  const t = useT();
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : 0);
  return (
    <div className="grid3">
      <Text label={t('离线最多张数')} mode="numeric" value={String(s.limits.maxUnsentCount)} onChange={(v) => set({ ...s, limits: { ...s.limits, maxUnsentCount: num(v) } })} />
      <Text label={t('离线最长小时')} mode="numeric" value={String(s.limits.maxUnsentHours)} onChange={(v) => set({ ...s, limits: { ...s.limits, maxUnsentHours: num(v) } })} />
      <Text label="离线最高金额" mode="decimal" value={s.limits.maxUnsentAmount} onChange={(v) => set({ ...s, limits: { ...s.limits, maxUnsentAmount: v } })} />
      {/* Per invoice: the most one invoice may total (a scanner slip is refused) and above what the cashier confirms it. */}
      <Text label={t('单张发票最高金额')} mode="decimal" value={s.limits.maxInvoiceTotal} onChange={(v) => set({ ...s, limits: { ...s.limits, maxInvoiceTotal: v } })} />
      <Text label={t('超过此金额须收银员确认')} mode="decimal" value={s.limits.confirmAbove} onChange={(v) => set({ ...s, limits: { ...s.limits, confirmAbove: v } })} />
    </div>
  );
}

function StaffSection({ s, onStaff }: { s: Settings; onStaff: (staff: Settings['staff']) => void }) {
  const t = useT();
  const [f, setF] = useState({ id: '', name: '', role: 'cashier' as 'cashier' | 'manager', pin: '' });
  const [note, setNote] = useState('');
  return (
    <Section
      title={t('收银员与密码')}
      onSave={() => window.fapiao.saveStaff({ id: f.id, name: f.name, role: f.role, ...(f.pin ? { pin: f.pin } : {}) }).then((staff) => {
        onStaff(staff);
        setF({ id: '', name: '', role: 'cashier', pin: '' });
      })}
    >
      <table className="data">
        <thead>
          <tr><th>工号</th><th>{t('姓名')}</th><th>{t('角色')}</th><th>{t('密码')}</th><th>{t('状态')}</th></tr>
        </thead>
        <tbody>
          {s.staff.map((p) => (
            <tr key={p.id}>
              <td>{p.id}</td><td>{p.name}</td><td>{p.role === 'manager' ? '店长' : '收银员'}</td><td>{p.hasPin ? t('已设置') : t('未设置')}</td>
              <td>
                {p.locked ? (
                  // Too many wrong PINs: only another manager (here) or IT (fapiao staff unlock) lifts it.
                  <button type="button" aria-label={`${t('解锁')} ${p.name}`} onClick={() => void window.fapiao.unlockStaff({ target: p.id }).then(onStaff, (e: unknown) => setNote(errorText(e)))}>
                    {t('已锁定')} · {t('解锁')}
                  </button>
                ) : (
                  t(p.active ? '在职' : '停用')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid4">
        <Text label="工号" value={f.id} onChange={(v) => setF({ ...f, id: v })} />
        <Text label="员工姓名" value={f.name} onChange={(v) => setF({ ...f, name: v })} />
        <label className="field">
          {t('角色')}
          <select aria-label={t('角色')} value={f.role} onChange={(e) => setF({ ...f, role: e.target.value as 'cashier' | 'manager' })}>
            <option value="cashier">收银员</option>
            <option value="manager">店长</option>
          </select>
        </label>
        <Text label="员工密码（4–12位数字，店长至少6位）" type="password" mode="numeric" value={f.pin} onChange={(v) => setF({ ...f, pin: v })} />
      </div>
      {note && <p className="field-error" role="alert">{note}</p>}
    </Section>
  );
}

function Catalogue() {
  const t = useT();
  const [items, setItems] = useState<Item[]>([]);
  const load = () => void window.fapiao.searchItems({ query: '', limit: 100 }).then(setItems);
  useEffect(load, []);
  return (
    <Section title={t('商品目录')}>
      <table className="data">
        <thead>
          <tr><th>{t('条码')}</th><th>{t('商品名称')}</th><th>{t('单价（含税）')}</th><th>{t('税收分类编码')}</th><th>{t('快捷键')}</th></tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}><td>{i.barcode}</td><td>{i.name}</td><td className="num">{i.price}</td><td>{i.taxCode}</td><td>{i.quickKey || ''}</td></tr>
          ))}
        </tbody>
      </table>
      <NewItemForm onSaved={load} />
    </Section>
  );
}

/** Every setting, behind the manager's PIN. Secrets are write-only: nothing here ever shows a key. */
export function SettingsPanel({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const t = useT();
  const [s, set] = useState(settings);
  const save = (patch: Patch) => window.fapiao.saveSettings(patch).then((next) => {
    onSettings(next);
    set(next);
  });
  return (
    <div className="settings">
      <Section title={t('门店与销售方')} onSave={() => save({ store: s.store, seller: { name: s.seller.name, address: s.seller.address ?? '', phone: s.seller.phone ?? '' } })}>
        <StoreFields s={s} set={set} />
        <p className="note">销售方税号与开票通道、签名证书绑定，更换需重新配置通道。</p>
      </Section>
      <Section
        title={t('开票通道')}
        onSave={() =>
          save({
            channel: {
              mode: s.channel.mode,
              ...(s.channel.baseUrl ? { baseUrl: s.channel.baseUrl } : {}),
              ...(s.channel.appId ? { appId: s.channel.appId } : {}),
              ...(s.channel.platformPublicKeyHex ? { platformPublicKeyHex: s.channel.platformPublicKeyHex } : {}),
            },
          })
        }
      >
        <ChannelFields s={s} set={set} />
      </Section>
      <Section title={t('签名方式')} onSave={() => save({ signer: s.signer })}>
        <label className="field">
          {t('签名方式')}
          <select aria-label={t('签名方式')} value={s.signer.kind} onChange={(e) => set({ ...s, signer: { ...s.signer, kind: e.target.value as Settings['signer']['kind'] } })}>
            <option value="soft">{t('软证书（沙箱）')}</option>
            <option value="ukey">UKey</option>
            <option value="certFile">{t('证书文件')}</option>
          </select>
        </label>
        {s.signer.kind === 'certFile' && (
          <>
            <Text label="证书文件路径" value={s.signer.certPath ?? ''} onChange={(v) => set({ ...s, signer: { ...s.signer, certPath: v } })} />
            <Text label="私钥文件路径" value={s.signer.keyPath ?? ''} onChange={(v) => set({ ...s, signer: { ...s.signer, keyPath: v } })} />
            <SecretField name="signer.certPassword" label="私钥密码" />
          </>
        )}
        {s.signer.kind === 'ukey' && <p className="note">UKey 的 PIN 在签名时输入，不保存在设置中。</p>}
      </Section>
      <Section title="邮件服务器">
        <p className="note">服务器地址在数据目录的 config.json 中设置（见 IT 指南）；这里只填密码。</p>
        <SecretField name="mail.password" label="邮件服务器密码" />
      </Section>
      <Section title={t('离线限额')} onSave={() => save({ limits: s.limits })}>
        <LimitsFields s={s} set={set} />
      </Section>
      <Section title={t('收银员权限')} onSave={() => save({ store: { cashierPinRequired: s.store.cashierPinRequired === true, cashierCatalogEdits: s.store.cashierCatalogEdits === true } })}>
        <Check label={t('收银员上班须输入密码')} checked={s.store.cashierPinRequired === true} onChange={(v) => set({ ...s, store: { ...s.store, cashierPinRequired: v } })} />
        <Check label={t('收银员可新建、修改商品')} checked={s.store.cashierCatalogEdits === true} onChange={(v) => set({ ...s, store: { ...s.store, cashierCatalogEdits: v } })} />
      </Section>
      <StaffSection s={s} onStaff={(staff) => {
        set({ ...s, staff });
        onSettings({ ...settings, staff });
      }} />
      <Section title={t('打印机')} onSave={() => save({ printer: s.printer })}>
        <div className="grid2">
          <Text label="打印机名称" value={s.printer.name} onChange={(v) => set({ ...s, printer: { ...s.printer, name: v } })} />
          <Text label={t('纸宽（毫米）')} mode="numeric" value={String(s.printer.paperWidthMm)} onChange={(v) => set({ ...s, printer: { ...s.printer, paperWidthMm: Number(v) || 80 } })} />
        </div>
      </Section>
      <Section title={t('语言')} onSave={() => save({ language: s.language })}>
        <label className="field">
          {t('语言')}
          <select aria-label="界面语言" value={s.language} onChange={(e) => set({ ...s, language: e.target.value as Settings['language'] })}>
            <option value="zh-CN">简体中文</option>
            <option value="en">English</option>
          </select>
        </label>
      </Section>
      <Catalogue />
    </div>
  );
}
