import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '../../core/errors/domain-error';
import { OAUTH_PROVIDERS, type OAuthProvider } from './oauth-provider';

/** The OAuth providers by id. An unknown id is a 404, like any unknown resource. */
@Injectable()
export class OAuthProviderRegistry {
  private readonly byId: Map<string, OAuthProvider>;

  constructor(@Inject(OAUTH_PROVIDERS) providers: OAuthProvider[]) {
    this.byId = new Map(providers.map((p) => [p.id, p]));
  }

  get(id: string): OAuthProvider {
    const provider = this.byId.get(id);
    if (!provider) throw new NotFoundError('OAuth provider');
    return provider;
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}
