import { createContext, useCallback, useContext } from 'react';
import { translate, type Lang, type Vars } from './index.ts';

export const LangContext = createContext<Lang>('zh-CN');

/** `t('开具发票 (F9)')`: Chinese in, the current language out. */
export function useT(): (zh: string, vars?: Vars) => string {
  const lang = useContext(LangContext);
  return useCallback((zh: string, vars?: Vars) => translate(lang, zh, vars), [lang]);
}
