import { z } from 'zod';
import { ChannelModeSchema, TaxpayerTypeSchema } from './invoice.ts';

export const Empty = z.object({}).strict();

export const AppInfoSchema = z.object({
  version: z.string(),
  channelMode: ChannelModeSchema,
  seller: z.object({ name: z.string(), taxId: z.string(), taxpayerType: TaxpayerTypeSchema }),
});

export const appCalls = {
  appInfo: { role: 'public', request: Empty, response: AppInfoSchema },
} as const;
