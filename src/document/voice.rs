//! Whose voice a sentence is in: the document's own provision, a quotation of another
//! text's words, or a report of what someone else did or said (issue 12 item 4; labelled
//! set tests/fixtures/reading/speech.toml).
//!
//! * quotation — the sentence restates another text's words: 《…》第X条规定，“……”;
//!   某文件明确要求，“……”; 依据《…》关于“……”的规定; and every sentence that starts inside
//!   an open “ (the quoted words run on over 。).
//! * report — it tells what someone else did or said, or lists other documents: 日前/近日/
//!   据了解/会议指出/负责人介绍/经查; a date-led narrative (2014年9月，…订立…); 有的地方…
//!   (background); a paraphrase of another text without quotation marks (通知明确，…);
//!   another law's commencement (《民法典》自2021年1月1日起施行); repeal lists (下列文件
//!   同时废止, 《…》同时废止, …停止执行).
//! * own — everything else, including 根据《…》，制定本办法, 依照《…》第X条的规定处以罚款,
//!   the document's own 施行日期 (本办法自…起施行, which wins over a repeal in the same
//!   sentence) and restated prohibitions in the document's own voice.
//!
//! Context: a sentence inside a quotation opened earlier inherits quotation; the sentences
//! after a quoting or reporting sentence that ends with ： (如下：, 下列文件同时废止：) and the
//! list items of the next blocks inherit its voice, and so do the ；-separated parts of a
//! reporting sentence until its 。.
//!
//! The cues are read on the sentence with the words inside “…” and 《…》 blanked out, so a
//! quoted 本法自…施行 or a title 《关于废止…的决定》 is not a cue of the quoting sentence.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::chinese::label::{LabelKind, leading_label};

/// Whose voice a sentence is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Voice {
    Own,
    Quotation,
    Report,
}

impl Voice {
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Quotation => "quotation",
            Voice::Report => "report",
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            Voice::Own => "本文件规定",
            Voice::Quotation => "引用他文原文",
            Voice::Report => "转述他人行为或言论",
        }
    }
}

/// What made the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// 《…》第X条规定：“…” / 某文件明确要求，“…”.
    QuoteFrame,
    /// 依据《…》第X条关于“…”的规定.
    QuotedRule,
    /// The sentence starts inside a quotation opened before it.
    InsideQuote,
    /// 同时废止 / 停止执行 / 下列文件 / 决定废止《.
    Repeal,
    /// 《另一部法》自…起施行.
    OtherCommencement,
    /// 通知明确，… — another text's content without quotation marks.
    Paraphrase,
    /// 日前 / 近日 / 据了解 / 负责人介绍 / 会议指出.
    News,
    /// 经查 / 经调查 / 经清理.
    Investigation,
    /// A past event told with its date (2014年9月，… / 于2019年12月18日与…签订).
    Narrative,
    /// 有的部门… / 一些地区存在…等问题.
    Background,
    /// A perfective 了 (确定了, 部署开展了): something done, not provided.
    Perfective,
    /// An anonymised person (王某, 周某某) as in a judgment or 通报.
    Person,
    /// 本办法自…起施行: the document's own commencement.
    OwnCommencement,
    /// 现通知如下 / 制定本办法 / 会议议定: the document speaking for itself.
    Performative,
    /// A list item or ；-part after a quoting or reporting sentence.
    Continued,
}

impl CueKind {
    pub fn chinese(self) -> &'static str {
        match self {
            CueKind::QuoteFrame => "引述他文并加引号",
            CueKind::QuotedRule => "援引他文加引号的规定",
            CueKind::InsideQuote => "位于前文开启的引号内",
            CueKind::Repeal => "所列为被废止或停止执行的文件",
            CueKind::OtherCommencement => "他法的施行日期",
            CueKind::Paraphrase => "转述他文内容",
            CueKind::News => "新闻或转述他人话语",
            CueKind::Investigation => "调查或清理结果",
            CueKind::Narrative => "叙述已发生的事件",
            CueKind::Background => "描述他处存在的问题",
            CueKind::Perfective => "叙述已完成的行为",
            CueKind::Person => "案件当事人",
            CueKind::OwnCommencement => "本文件的施行日期",
            CueKind::Performative => "本文件自述",
            CueKind::Continued => "承接上文的引述或转述",
        }
    }
}

/// The voice of one sentence and its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    pub voice: Voice,
    pub cue: Option<CueKind>,
    /// The cue words (normalised), empty when the voice is own by default or inherited.
    pub words: String,
    /// Taken from the context (an open quotation, a list after ：, a ；-chain).
    pub inherited: bool,
}

impl Marked {
    pub const OWN: Marked = Marked {
        voice: Voice::Own,
        cue: None,
        words: String::new(),
        inherited: false,
    };

    fn new(voice: Voice, cue: CueKind, words: &str) -> Self {
        Marked {
            voice,
            cue: Some(cue),
            words: words.to_string(),
            inherited: false,
        }
    }

    fn inherit(&self, cue: CueKind) -> Self {
        Marked {
            voice: self.voice,
            cue: Some(cue),
            words: String::new(),
            inherited: true,
        }
    }

    pub fn is_own(&self) -> bool {
        self.voice == Voice::Own
    }
}

/// What one block leaves to the next: an unclosed quotation, a list introduced by a
/// quoting or reporting sentence ending with ：.
#[derive(Debug, Default, Clone)]
pub struct Carry {
    quote_open: bool,
    list: Option<Marked>,
    /// The document's own title (normalised): 《某县管理办法》自…起施行 in the notice that
    /// issues 某县管理办法 is its own commencement, not another text's.
    own_title: Option<String>,
}

impl Carry {
    /// The state at the start of a document with this title.
    pub fn for_title(title: Option<&str>) -> Self {
        Carry {
            own_title: title.map(crate::document::segment::normalize),
            ..Carry::default()
        }
    }
}

/// Labels that make a block an item of the list before it.
fn is_list_item(text: &str) -> bool {
    let t = text.trim_start_matches([' ', '\u{3000}', '\t']);
    if t.starts_with(['《', '“', '"']) {
        return true;
    }
    leading_label(t).is_some_and(|l| {
        matches!(
            l.kind,
            LabelKind::Outline2 | LabelKind::Outline3 | LabelKind::Outline4 | LabelKind::Outline5
        )
    })
}

/// The voices of the sentences of one block (normalised text and its sentence ranges),
/// reading and updating what the previous block left open.
pub fn of_block(text: &str, sentences: &[(usize, usize)], carry: &mut Carry) -> Vec<Marked> {
    let first = text.trim_start_matches([' ', '\u{3000}', '\t']);
    let item = is_list_item(first);
    let mut depth: usize = usize::from(carry.quote_open && item);
    let from_list = carry.list.take().filter(|_| item);
    let mut chain: Option<Marked> = None;
    let mut out = Vec::with_capacity(sentences.len());
    for &(a, b) in sentences {
        let s = &text[a..b];
        let starts_quoted = depth > 0;
        for c in s.chars() {
            match c {
                '“' => depth += 1,
                '”' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let m = if starts_quoted {
            Marked {
                voice: Voice::Quotation,
                cue: Some(CueKind::InsideQuote),
                words: String::new(),
                inherited: true,
            }
        } else if let Some(v) = &from_list {
            v.inherit(CueKind::Continued)
        } else {
            let mut own = classify(s);
            if own.cue == Some(CueKind::OtherCommencement)
                && let Some(t) = &carry.own_title
                && names_title(&own.words, t)
            {
                own = Marked::new(Voice::Own, CueKind::OwnCommencement, &own.words.clone());
            }
            match (&own.voice, &chain) {
                (Voice::Own, Some(prev)) if own.cue.is_none() => prev.inherit(CueKind::Continued),
                _ => own,
            }
        };
        let end = s.trim_end();
        chain = (!m.is_own() && end.ends_with([';', '；', ':', '：'])).then(|| m.clone());
        out.push(m);
    }
    // A list announced at the end of the block (…如下： / 下列文件同时废止：) goes on in the
    // items of the next blocks; so do the inherited voices of a list in progress.
    let last = out.last();
    carry.list = match last {
        Some(m) if !m.is_own() && text.trim_end().ends_with([':', '：']) => Some(m.clone()),
        Some(m) if !m.is_own() && item && from_list.is_some() => from_list.clone(),
        _ => None,
    };
    carry.quote_open = depth > 0;
    out
}

/// Whether the 《…》 title that `words` (《X》自…起施行) starts with is named in the
/// document's own title (关于印发《X》的通知, or X itself).
fn names_title(words: &str, own_title: &str) -> bool {
    let inner = words
        .strip_prefix('《')
        .and_then(|w| w.split('》').next())
        .unwrap_or("");
    !inner.is_empty() && own_title.contains(inner)
}

/// The voices of a lone text (its own block, nothing before it).
pub fn of_text(text: &str) -> Vec<((usize, usize), Marked)> {
    let sentences = crate::document::segment::sentences(text);
    let marks = of_block(text, &sentences, &mut Carry::default());
    sentences.into_iter().zip(marks).collect()
}

/// The sentence with everything inside “…” and 《…》 replaced by placeholders of the same
/// byte length (the marks themselves stay), so that byte offsets still fit the sentence.
fn blank_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut quote, mut title) = (0usize, 0usize);
    for c in s.chars() {
        match c {
            '“' => {
                quote += 1;
                out.push(c);
            }
            '”' => {
                quote = quote.saturating_sub(1);
                out.push(c);
            }
            '《' => {
                title += 1;
                out.push(c);
            }
            '》' => {
                title = title.saturating_sub(1);
                out.push(c);
            }
            _ if quote > 0 || title > 0 => out.push(match c.len_utf8() {
                1 => '_',
                2 => '§',
                3 => '□',
                _ => '𝔛',
            }),
            _ => out.push(c),
        }
    }
    out
}

/// The document's own commencement: 本办法…自…起施行.
static OWN_COMMENCEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"本(?:法|条例|规定|办法|细则|通知|意见|决定|方案|规则|措施|合同|协议|公告|纪要|准则|制度|指引|指南|目录|清单|文件|标准|决议|规划)[^。;]{0,40}?(?:自|于|从)[^。;,]{0,25}?起?(?:施行|执行|实施|生效)",
    )
    .expect("own commencement")
});

/// Another text's commencement: 《…》自…起施行 / 于…施行.
static OTHER_COMMENCEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"》(?:\([^)]{0,20}\))?[^。;,本]{0,8}?(?:自|于|从|将于|已于)[^。;]{0,25}?起?(?:施行|实施|生效)")
        .expect("other commencement")
});

/// 《…》第X条关于“…”的规定 / 《…》“…”的规定.
static QUOTED_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"》(?:第[^,。“]{1,20}?[条款项])?(?:中)?(?:关于)?“[^”]*”(?:的|之)?(?:有关)?规定")
        .expect("quoted rule")
});

/// A text (or the body that issued it) and a verb of saying: 《…》第X条规定 / 通知明确 /
/// 国务院办公厅已明确要求 / 该项目合同约定.
static FRAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<subj>》|\)|第[一二三四五六七八九十百千零〇\d]+[条款项]|号文件|号|文件|法|例|办法|规定|通知|意见|方案|协议|合同|决定|细则|措施|纪要|清单|规则|章程|国务院办公厅|国务院|办公厅|办公室)(?:已经|早已|已|也|还|亦|进一步|专门|均|中|同时|则|更)?(?P<verb>明确规定|明确要求|明文规定|明确提出|明确|规定|要求|提出|写明|载明|约定|指出|强调|表述为)",
    )
    .expect("frame")
});

/// The subject and verb ranges of a [`FRAME`] match (found without captures, which cost
/// more): the verb is the longest saying verb the match ends with, an adverb may sit between.
fn frame_parts(
    bare: &str,
    start: usize,
    end: usize,
) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    const VERBS: [&str; 14] = [
        "明确规定",
        "明确要求",
        "明文规定",
        "明确提出",
        "表述为",
        "明确",
        "规定",
        "要求",
        "提出",
        "写明",
        "载明",
        "约定",
        "指出",
        "强调",
    ];
    const ADVERBS: [&str; 13] = [
        "已经",
        "早已",
        "进一步",
        "已",
        "也",
        "还",
        "亦",
        "专门",
        "均",
        "中",
        "同时",
        "则",
        "更",
    ];
    let text = &bare[start..end];
    let v = VERBS
        .iter()
        .find(|v| text.ends_with(*v) && text.len() > v.len())
        .map_or(0, |v| v.len());
    let verb = end - v..end;
    let before = &bare[start..verb.start];
    let a = ADVERBS
        .iter()
        .find(|a| before.ends_with(*a) && before.len() > a.len())
        .map_or(0, |a| a.len());
    (start..verb.start - a, verb)
}

/// Words before a text in the same clause that make it the basis of the document's own
/// provision (根据《…》规定，…) or its object, not a speaker.
const GOVERNED: [&str; 19] = [
    "根据", "依据", "依照", "按照", "按", "遵照", "参照", "对照", "落实", "贯彻", "违反", "符合",
    "执行", "适用", "依", "由", "经", "遵守", "遵循",
];

/// The document's own words: 本办法, 本条例 … right before a frame make it a self-reference.
const SELF: [&str; 12] = [
    "本法",
    "本条例",
    "本办法",
    "本规定",
    "本通知",
    "本意见",
    "本决定",
    "本方案",
    "本合同",
    "本协议",
    "本细则",
    "本措施",
];

/// Repeal verbs after the repealed documents (《…》同时废止, 下列文件同时废止).
const REPEAL: [&str; 9] = [
    "同时废止",
    "予以废止",
    "停止执行",
    "宣布废止",
    "不再执行",
    "同时失效",
    "停止施行",
    "一并废止",
    "自行废止",
];

/// Repeal verbs before them (决定废止《…》, 废止下列文件).
const REPEAL_BEFORE: [&str; 3] = ["废止《", "废止下列", "废止以下"];

const NEWS: [&str; 17] = [
    "日前",
    "近日",
    "近期,",
    "据了解",
    "据悉",
    "据介绍",
    "据统计",
    "据报道",
    "记者从",
    "记者获悉",
    "记者了解到",
    "负责人介绍",
    "负责人表示",
    "负责人说",
    "负责人称",
    "会议指出",
    "在接受采访时",
];

const INVESTIGATION: [&str; 9] = [
    "经查,",
    "经查明",
    "经查实",
    "经调查",
    "经核查,",
    "经审查,",
    "经清理",
    "查明,",
    "调查发现",
];

const PERFORMATIVE: [&str; 12] = [
    "通知如下",
    "现通知",
    "现提出",
    "制定本",
    "特制定",
    "现就",
    "现将",
    "如下意见",
    "决定如下",
    "议定",
    "特此通知",
    "特此公告",
];

/// A repeal whose object is a document: 《…》(…号)同时废止, 下列文件同时废止, 决定废止《…》.
/// 协议中的优惠条款一律停止执行 or 不再执行《…》中关于…的规定 act on something else and are the
/// document's own.
fn repeal(bare: &str) -> Option<&'static str> {
    if let Some(w) = REPEAL_BEFORE.iter().find(|w| bare.contains(*w)) {
        return Some(w);
    }
    REPEAL.iter().copied().find(|w| {
        bare.match_indices(w).any(|(i, _)| {
            let clause = clause_before(bare, i).trim_end();
            clause.ends_with(['》', ')']) || clause.contains("文件") || clause.contains("下列")
        })
    })
}

/// A news cue in `bare`; 日前 not right after a day number (6月30日前 is a deadline).
fn news_at(bare: &str, w: &str) -> bool {
    if w != "日前" {
        return bare.contains(w);
    }
    bare.match_indices(w).any(|(i, _)| {
        bare[..i]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_digit() && !"一二三四五六七八九十〇零".contains(c))
    })
}

/// 了 that is not a perfective: 为了, 除了, 了解 …
fn perfective(bare: &str) -> Option<usize> {
    // Most sentences hold no 了: one search instead of decoding every character.
    if !bare.contains('了') {
        return None;
    }
    let mut prev = '\0';
    let mut it = bare.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map_or('\0', |x| x.1);
        if c == '了'
            && !matches!(
                prev,
                '为' | '除' | '明' | '不' | '罢' | '末' | '终' | '\0' | '□' | ','
            )
            && !matches!(next, '解' | '结' | '如' | '却' | '然' | '断')
        {
            return Some(i);
        }
        prev = c;
    }
    None
}

static DATE_LED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[,:])\s*(?:(?:\d{4}\s*年)(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日)(?:\s*(?:至|-|和|、)\s*(?:\d{4}\s*年)?(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?)?",
    )
    .expect("date led")
});

static ON_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"于\s*\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?").expect("on date")
});

/// Verbs of an event that took place (a dated sentence without one is a period or a
/// deadline of the document's own measure: 2019年1月1日至2020年12月31日，对…给予补贴).
const EVENTS: [&str; 22] = [
    "了", "召开", "发生", "签订", "订立", "作出", "印发", "下发", "率", "赴", "组织", "出席",
    "考察", "公布", "发布", "成立", "通知", "因", "受理", "立案", "举行", "竞拍",
];

const COMMENCE: [&str; 4] = ["施行", "执行", "实施", "生效"];
const FRAME_VERBS: [&str; 10] = [
    "明确",
    "规定",
    "要求",
    "提出",
    "写明",
    "载明",
    "约定",
    "指出",
    "强调",
    "表述为",
];
const BACKGROUND: [&str; 6] = ["有的", "一些", "部分", "个别", "少数", "等问题"];
const LEAD: [&str; 7] = ["目前", "截至", "近年来", "今年以来", "去年", "此前", "前期"];

/// Groups of cue words, one bit each in [`Gate`].
const GROUPS: [&[&str]; 10] = [
    &COMMENCE,
    &FRAME_VERBS,
    &REPEAL,
    &REPEAL_BEFORE,
    &NEWS,
    &INVESTIGATION,
    &PERFORMATIVE,
    &EVENTS,
    &BACKGROUND,
    &LEAD,
];
const G_COMMENCE: u16 = 1;
const G_FRAME: u16 = 1 << 1;
const G_REPEAL: u16 = (1 << 2) | (1 << 3);
const G_NEWS: u16 = 1 << 4;
const G_INVESTIGATION: u16 = 1 << 5;
const G_PERFORMATIVE: u16 = 1 << 6;
const G_EVENTS: u16 = 1 << 7;
const G_BACKGROUND: u16 = 1 << 8;
const G_LEAD: u16 = 1 << 9;

/// Every cue word of every group in one automaton: one pass over a sentence tells which
/// groups can match, so most own sentences skip most checks (and every regex).
static CUE_WORDS: LazyLock<(aho_corasick::AhoCorasick, Vec<u16>)> = LazyLock::new(|| {
    let mut words = vec![];
    let mut bits = vec![];
    for (g, list) in GROUPS.iter().enumerate() {
        for w in list.iter() {
            words.push(*w);
            bits.push(1u16 << g);
        }
    }
    (
        aho_corasick::AhoCorasick::new(&words).expect("cue words"),
        bits,
    )
});

/// Which cue groups a sentence contains.
#[derive(Clone, Copy)]
struct Gate(u16);

impl Gate {
    fn of(bare: &str) -> Self {
        let (ac, bits) = &*CUE_WORDS;
        Gate(
            ac.find_overlapping_iter(bare)
                .fold(0, |acc, m| acc | bits[m.pattern().as_usize()]),
        )
    }

    fn has(self, group: u16) -> bool {
        self.0 & group != 0
    }
}

fn past_event(bare: &str) -> bool {
    EVENTS.iter().any(|w| bare.contains(w))
}

/// Words right after a date that make it a deadline or a start, not an event.
fn date_is_event(after: &str) -> bool {
    let a = after.trim_start();
    // A date alone (the date line under the signature) tells nothing.
    a.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        && !a.starts_with([
            '前', '起', '以', '之', '底', '后', '开', '内', '止', '为', '到', '末', '中', '上',
            '下', '度', '初', '年', '月', '日', '-', '至', '期', '每', '1', '2', '3', '4', '5',
            '6', '7', '8', '9', '0',
        ])
}

static SURNAME_MOU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[,、与和及对向被给])([王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文])某某?(?:[^县市区省镇乡村街公司局厅委部集团企业单位银行医院学校协会商会中心所店厂场园项类种些方]|$)",
    )
    .expect("surname")
});

/// A modal or a plan (要, 应当, 须, 力争 …): the sentence prescribes rather than tells.
/// 要 in 主要/重要/需要求, 应 in 相应/供应/适应 and the like are not modals.
fn has_modal(s: &str) -> bool {
    const PLAIN: [&str; 8] = ["须", "可以", "予以", "力争", "确保", "计划", "拟", "必须"];
    if PLAIN.iter().any(|m| s.contains(m)) {
        return true;
    }
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let prev = if i > 0 { chars[i - 1] } else { '\0' };
        let next = chars.get(i + 1).copied().unwrap_or('\0');
        match c {
            '要' => {
                !matches!(prev, '主' | '重' | '纪' | '概' | '摘' | '提' | '必')
                    && next != '求'
                    && next != '素'
                    && next != '点'
                    && next != '件'
            }
            '应' => {
                !matches!(
                    prev,
                    '相' | '供' | '反' | '适' | '对' | '响' | '回' | '效' | '呼' | '感' | '答'
                ) && next != '用'
                    && next != '急'
            }
            _ => false,
        }
    })
}

/// The clause of `s` that ends at byte `end`: from the last , ; : before it.
fn clause_before(s: &str, end: usize) -> &str {
    let head = &s[..end];
    let start = head.rfind([',', ';', ':', '。']).map_or(0, |i| i + 1);
    &head[start..]
}

/// The voice of one sentence on its own (no context).
pub fn classify(s: &str) -> Marked {
    // The numbering label (第三条, 三、, （一）) is not part of what is said.
    let s = s.trim_start();
    let s = match leading_label(s) {
        Some(l) if s.starts_with(l.text.as_str()) => s[l.text.len()..].trim_start(),
        _ => s,
    };
    let blanked;
    let bare = if s.contains(['“', '《']) {
        blanked = blank_quoted(s);
        blanked.as_str()
    } else {
        s
    };
    let gate = Gate::of(bare);
    if gate.has(G_COMMENCE)
        && let Some(m) = OWN_COMMENCEMENT.find(bare)
    {
        return Marked::new(Voice::Own, CueKind::OwnCommencement, &s[m.range()]);
    }
    let quoted = bare.contains('“');
    if quoted
        && gate.has(G_FRAME)
        && let Some(m) = QUOTED_RULE.find(bare)
    {
        return Marked::new(Voice::Quotation, CueKind::QuotedRule, &s[m.range()]);
    }
    let mut paraphrase: Option<(usize, usize)> = None;
    let frames = if gate.has(G_FRAME) {
        Some(FRAME.find_iter(bare))
    } else {
        None
    };
    for m in frames.into_iter().flatten() {
        let (subj, verb) = frame_parts(bare, m.start(), m.end());
        let rest = &bare[verb.end..];
        if rest.starts_with(['的', '之', '和', '、', '或', '外']) {
            continue;
        }
        let clause = clause_before(bare, subj.start);
        let named = clause_before(bare, subj.end);
        if GOVERNED.iter().any(|g| clause.contains(g)) || SELF.iter().any(|w| named.ends_with(w)) {
            continue;
        }
        // A verb of saying right after the subject, with a modal before it, is an
        // instruction (要明确“…”); the subject must also be a text or its issuer, which a
        // bare 法/例 at the start of a clause is not.
        let subj_text = &bare[subj.clone()];
        if matches!(subj_text, "法" | "例" | "号")
            && !clause.chars().any(|c| c.is_alphanumeric() && c != '□')
        {
            continue;
        }
        if rest.contains('“') {
            return Marked::new(
                Voice::Quotation,
                CueKind::QuoteFrame,
                &s[subj.start..verb.end],
            );
        }
        let rest = rest.trim_start();
        if rest.is_empty() || rest == "。" {
            continue;
        }
        // 应当在合同中约定，…: the document tells someone what to agree, in its own voice.
        if ["应当", "应在", "应与", "应于"]
            .iter()
            .any(|w| clause.contains(w))
            || has_modal(clause)
        {
            continue;
        }
        if rest.starts_with([',', ':']) && paraphrase.is_none() {
            paraphrase = Some((subj.start, verb.end));
        }
    }
    // A repeal names documents (《…》同时废止, 下列文件, …号）停止执行); 协议中的优惠条款一律
    // 停止执行 is the document's own act on something else.
    if gate.has(G_REPEAL)
        && let Some(w) = repeal(bare)
    {
        return Marked::new(Voice::Report, CueKind::Repeal, w);
    }
    if gate.has(G_COMMENCE)
        && let Some(m) = OTHER_COMMENCEMENT.find(bare)
    {
        // From the title's 《 (its words are blanked in `bare`, not in `s`).
        let open = bare[..m.start()].rfind('《').unwrap_or(m.start());
        return Marked::new(Voice::Report, CueKind::OtherCommencement, &s[open..m.end()]);
    }
    if let Some((a, b)) = paraphrase {
        // A frame at the very end with ： announces a quoted list (《…》规定：); without the
        // list it is a paraphrase.
        let after = bare[b..].trim();
        let voice = if after == ":" {
            Voice::Quotation
        } else {
            Voice::Report
        };
        let cue = if voice == Voice::Quotation {
            CueKind::QuoteFrame
        } else {
            CueKind::Paraphrase
        };
        return Marked::new(voice, cue, &s[a..b]);
    }
    if gate.has(G_PERFORMATIVE)
        && let Some(w) = PERFORMATIVE.iter().find(|w| bare.contains(*w))
    {
        return Marked::new(Voice::Own, CueKind::Performative, w);
    }
    if gate.has(G_NEWS)
        && let Some(w) = NEWS.iter().find(|w| news_at(bare, w))
    {
        return Marked::new(Voice::Report, CueKind::News, w);
    }
    if gate.has(G_INVESTIGATION)
        && let Some(w) = INVESTIGATION.iter().find(|w| bare.contains(*w))
    {
        return Marked::new(Voice::Report, CueKind::Investigation, w);
    }
    if gate.has(G_EVENTS)
        && (bare.contains(['年', '月', '于']))
        && !has_modal(bare)
        && past_event(bare)
    {
        for m in DATE_LED.find_iter(bare) {
            if !m.as_str().starts_with(':') && date_is_event(&bare[m.end()..]) {
                return Marked::new(Voice::Report, CueKind::Narrative, &s[m.range()]);
            }
        }
        for m in ON_DATE.find_iter(bare) {
            let before = &bare[..m.start()];
            let modal = ["应", "须", "将", "可", "要", "拟", "需"]
                .iter()
                .any(|w| before.ends_with(w));
            // 关于2019年…, 由于, 对于 …: not 于 + a date of an event.
            let word = before.chars().next_back().is_some_and(|c| {
                "关在属由对基等鉴位处终至便易善敢勇乐急过限相高低大小少多早晚不".contains(c)
            });
            if !modal && !word && date_is_event(&bare[m.end()..]) {
                return Marked::new(Voice::Report, CueKind::Narrative, &s[m.range()]);
            }
        }
    }
    if gate.has(G_BACKGROUND)
        && let Some(w) = background(bare)
    {
        return Marked::new(Voice::Report, CueKind::Background, w);
    }
    if let Some(i) = perfective(bare).filter(|_| gate.has(G_EVENTS)) {
        let start = bare[..i].char_indices().rev().nth(1).map_or(0, |(j, _)| j);
        return Marked::new(
            Voice::Report,
            CueKind::Perfective,
            &s[start..i + '了'.len_utf8()],
        );
    }
    if bare.contains('某')
        && let Some(c) = SURNAME_MOU.captures(bare)
    {
        let m = c.get(1).expect("surname");
        return Marked::new(
            Voice::Report,
            CueKind::Person,
            &s[m.start()..m.end() + "某".len()],
        );
    }
    if gate.has(G_LEAD)
        && let Some(w) = LEAD.iter().find(|w| bare.trim_start().starts_with(*w))
        && (bare.contains("已经") || bare.contains('已'))
        && !has_modal(bare)
    {
        return Marked::new(Voice::Report, CueKind::Narrative, w);
    }
    Marked::OWN
}

/// 有的部门… / 一些地区存在…等问题 / …等问题。 with no remedy named.
fn background(bare: &str) -> Option<&'static str> {
    const WHO: [&str; 5] = ["有的", "一些", "部分", "个别", "少数"];
    const WHERE: [&str; 12] = [
        "地方", "地区", "部门", "单位", "市县", "企业", "地市", "县区", "机关", "城市", "省份",
        "区域",
    ];
    let t = bare.trim_start();
    let t = [
        "同时,",
        "但在",
        "但是,",
        "但",
        "此外,",
        "然而,",
        "其中,",
        "实践中,",
    ]
    .iter()
    .find_map(|p| t.strip_prefix(p))
    .unwrap_or(t);
    if WHO
        .iter()
        .any(|w| t.starts_with(w) && WHERE.iter().any(|p| t[w.len()..].starts_with(p)))
    {
        return Some("有的/一些地方");
    }
    if bare.contains("存在") && bare.contains("等问题") && !has_modal(bare) {
        return Some("存在…等问题");
    }
    let end = bare.trim_end().trim_end_matches('。');
    if end.ends_with("等问题")
        && !has_modal(bare)
        && ![
            "解决", "整改", "纠正", "查处", "防止", "避免", "研究", "处理", "排查", "针对", "治理",
            "清理",
        ]
        .iter()
        .any(|w| bare.contains(w))
    {
        return Some("…等问题");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voices(text: &str) -> Vec<Voice> {
        let n = crate::document::segment::normalize(text);
        of_text(&n).into_iter().map(|(_, m)| m.voice).collect()
    }

    #[test]
    fn frames_quotations_and_reports() {
        use Voice::*;
        assert_eq!(
            voices("《中华人民共和国民法典》第一千二百六十条规定：“本法自2021年1月1日起施行。”"),
            [Quotation]
        );
        assert_eq!(voices("第一千二百六十条 本法自2021年1月1日起施行。"), [Own]);
        assert_eq!(
            voices("本办法自2020年1月1日起施行，《某县管理办法》同时废止。"),
            [Own]
        );
        assert_eq!(voices("《某县管理办法》同时废止。"), [Report]);
        assert_eq!(
            voices("根据《中华人民共和国行政许可法》，结合本县实际，制定本办法。"),
            [Own]
        );
        assert_eq!(
            voices("依照《土地管理法》第七十七条的规定处以罚款的，罚款额为每平方米100元。"),
            [Own]
        );
        assert_eq!(voices("日前，市场监管部门公布了一批典型案例。"), [Report]);
        assert_eq!(
            voices("对此，通知明确，地方政府不得以任何形式要求企业举债。"),
            [Report]
        );
        assert_eq!(
            voices("各地区要明确“赋予科研人员更大技术路线决策权”。"),
            [Own]
        );
        assert_eq!(
            voices("《条例》第二十五条规定：“应当进行合法性审查。不得以征求意见等方式代替。”"),
            [Quotation, Quotation]
        );
        assert_eq!(
            voices(
                "负面清单明确：地方政府不得注入公益性资产；不得承诺将储备土地作为偿债资金来源。"
            ),
            [Report, Report]
        );
    }

    #[test]
    fn lists_after_a_report_inherit_it() {
        let text = [
            "下列文件同时废止：",
            "1.《中华人民共和国合同法》",
            "2.《某县管理办法》",
            "本办法由县财政局负责解释。",
        ];
        let mut carry = Carry::default();
        let got: Vec<Voice> = text
            .iter()
            .flat_map(|t| {
                let n = crate::document::segment::normalize(t);
                let s = crate::document::segment::sentences(&n);
                of_block(&n, &s, &mut carry)
            })
            .map(|m| m.voice)
            .collect();
        assert_eq!(
            got,
            [Voice::Report, Voice::Report, Voice::Report, Voice::Own]
        );
    }
}
