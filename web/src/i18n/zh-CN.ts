/** 简体中文: the first language of the UI. Every string the UI shows has a key here. */
export const zhCN = {
  'app.name': '说事',
  'app.tagline': '村居说事 · 镇级调解 · 县级法律咨询',
  'home.title': '欢迎使用说事视频调解平台',
  'home.intro': '村民在村居说事拉理室一键加入视频调解；镇调解员主持多方调解；县法律顾问在线解答法律咨询。',
  'home.status': '系统状态',
  'home.status.ok': '各项服务运行正常',
  'home.status.degraded': '部分服务异常，请联系管理员',
  'home.status.checking': '正在检查…',
  'home.language': 'English',
  'component.database': '数据库',
  'component.redis': 'Redis',
  'component.mediasoup': '媒体服务',
} as const;
export type MessageKey = keyof typeof zhCN;
