import type { MessageKey } from './zh-CN';

/** English: complete, second language. */
export const en: Record<MessageKey, string> = {
  'app.name': 'Shuoshi',
  'app.tagline': 'Village talk rooms · Township mediation · County legal advice',
  'home.title': 'Welcome to Shuoshi video mediation',
  'home.intro': "Villagers join a video mediation from their village talk room with one tap; township mediators host multi-party sessions; county legal advisors answer legal questions online.",
  'home.status': 'System status',
  'home.status.ok': 'All services are running',
  'home.status.degraded': 'Some services are down; please contact the administrator',
  'home.status.checking': 'Checking…',
  'home.language': '中文',
  'component.database': 'Database',
  'component.redis': 'Redis',
  'component.mediasoup': 'Media service',
};
