import { AppConfig } from '../../core/config/app-config';
import { NotionEndpoint, type NotionEndpointSettings } from './notion-endpoint';

/** Real Notion (or any Notion-compatible server named by NOTION_API_BASE_URL) with the configured client. */
export class ConfiguredNotionEndpoint extends NotionEndpoint {
  private readonly resolved: NotionEndpointSettings;

  constructor(config: AppConfig) {
    super();
    const { clientId, clientSecret, apiBaseUrl, redirectUri } = config.notion;
    if (!clientId || !clientSecret) throw new Error('ConfiguredNotionEndpoint needs NOTION_CLIENT_ID and NOTION_CLIENT_SECRET');
    this.resolved = { apiBaseUrl, authorizeBaseUrl: apiBaseUrl, clientId, clientSecret, redirectUri };
  }

  settings(): Promise<NotionEndpointSettings> {
    return Promise.resolve(this.resolved);
  }
}
