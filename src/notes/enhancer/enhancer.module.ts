import { Module } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { LlmEnhancer } from './llm-enhancer';
import { OfflineEnhancer } from './offline.enhancer';
import { OpenAiLlmEnhancer } from './openai-llm.enhancer';

/**
 * Provides the LlmEnhancer port: the OpenAI-compatible adapter when LLM_API_KEY or LLM_BASE_URL is set,
 * otherwise the offline enhancer. Needs the global ConfigModule.
 */
@Module({
  providers: [
    OfflineEnhancer,
    {
      provide: LlmEnhancer,
      inject: [AppConfig, OfflineEnhancer],
      useFactory: (config: AppConfig, offline: OfflineEnhancer): LlmEnhancer =>
        config.llm.configured ? new OpenAiLlmEnhancer(config, offline) : offline,
    },
  ],
  exports: [LlmEnhancer, OfflineEnhancer],
})
export class NotesEnhancerModule {}
