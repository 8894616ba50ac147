import type { DisputeCategory } from '../generated/prisma/client';
import type { Random } from './random';

/** Word lists for generated data: believable, clearly fictional. */
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国春梅海燕文德福贵荣生长林山水金银凤云兵';
const VILLAGE_HEADS = ['东', '西', '南', '北', '上', '下', '大', '小', '新', '老', '前', '后', '高', '龙', '凤', '桃', '杏', '梨', '枣', '桑', '竹', '松', '梅', '石', '沙', '柳', '槐', '杨', '马', '白', '黄', '青', '红', '金', '银', '太平', '长安', '永兴', '富民', '双河'];
const VILLAGE_TAILS = ['坪村', '岭村', '溪村', '塘村', '湾村', '沟村', '坝村', '庄村', '冲村', '山村', '河村', '岗村', '铺村', '家村', '桥村'];

export function personName(rnd: Random): string {
  const given = rnd.chance(0.7) ? rnd.pick([...GIVEN]) + rnd.pick([...GIVEN]) : rnd.pick([...GIVEN]);
  return rnd.pick([...SURNAMES]) + given;
}

/** `count` distinct village names. */
export function villageNames(rnd: Random, count: number, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const name = rnd.pick(VILLAGE_HEADS) + rnd.pick(VILLAGE_TAILS);
    if (!taken.has(name)) {
      taken.add(name);
      out.push(name);
    }
  }
  return out;
}

export function phone(rnd: Random): string {
  return `1${rnd.pick(['3', '5', '7', '8', '9'])}${String(rnd.int(0, 999_999_999)).padStart(9, '0')}`;
}

const DESCRIPTIONS: Record<DisputeCategory, string[]> = {
  LAND_HOMESTEAD: ['宅基地边界争议：围墙越界约{n}0厘米', '承包地界桩被移动，双方各执一词', '宅基地上建房遮挡采光，邻户要求拆除', '土地流转租金{n}年未付', '祖坟所在地块的使用权争议', '灌溉渠占用承包地{n}分'],
  NEIGHBOUR: ['排水沟堵塞导致邻家院落积水', '饲养家禽噪音与气味扰邻', '共用通道被堆放柴草阻断', '树木越界遮挡与落叶纠纷', '邻里口角引发肢体冲突，要求赔礼道歉', '新建猪圈距离住房过近'],
  MARRIAGE_FAMILY: ['赡养老人费用分摊争议', '分家析产不均，兄弟{n}人意见不一', '离婚后子女抚养费拖欠{n}个月', '婆媳矛盾长期不和，要求分开居住', '彩礼返还纠纷', '老人遗产房屋继承争议'],
  CONTRACT_DEBT: ['借款{n}万元到期未还', '农机租赁费用结算纠纷', '农产品收购款拖欠', '房屋装修工程款争议', '合伙养殖散伙后分账不清'],
  LABOUR_WAGES: ['建筑工地务工工资{n}千元未结', '采摘季节临时工工钱争议', '包工头拖欠同村{n}人工资'],
  PERSONAL_INJURY: ['电动车相撞致一方受伤，医药费分担争议', '被邻居家犬咬伤，要求赔偿', '帮工时摔伤，赔偿责任争议'],
  OTHER: ['村集体收益分配异议', '网络购物退款纠纷', '广场舞场地使用矛盾'],
};

export function description(rnd: Random, category: DisputeCategory): string {
  return rnd.pick(DESCRIPTIONS[category]).replace('{n}', String(rnd.int(2, 9)));
}

const TERMS: Record<DisputeCategory, string> = {
  LAND_HOMESTEAD: '双方确认以原界桩为准，甲方于十五日内拆除越界部分，费用自理。',
  NEIGHBOUR: '双方互谅互让，甲方于七日内疏通排水沟，乙方不再追究。',
  MARRIAGE_FAMILY: '子女按月分担赡养费，每人每月五百元，于每月五日前支付。',
  CONTRACT_DEBT: '乙方分三期归还欠款，每期于当月底前付清。',
  LABOUR_WAGES: '包工方于三十日内一次性结清全部工资。',
  PERSONAL_INJURY: '乙方承担医药费的百分之六十，于十日内支付。',
  OTHER: '双方按村规民约协商解决，今后互不追究。',
};

export const agreementTerms = (category: DisputeCategory) => TERMS[category];
export const verbalContent = (category: DisputeCategory) => `口头约定：${TERMS[category]}`;

export const FAILED_REASONS = ['一方拒绝调解', '双方分歧过大，调解未果', '一方未到场，多次联系无果'];
export const EXTERNAL_BODIES = ['县人民法院', '派出所', '县信访局', '县劳动监察大队'];
