//! The responsibility model: the documents, units and tasks read, merged into one, with the
//! lookups of its [index](crate::index).

pub use crate::domain::*;
use crate::index::IndexSlot;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Model {
    pub schema: u32,
    pub documents: Vec<Document>,
    pub units: Vec<Unit>,
    pub tasks: Vec<Task>,
    /// Lookups built once per load, on first use (see [`crate::index`]).
    #[serde(skip)]
    pub index: IndexSlot,
}

impl Model {
    /// Adds another model's documents, units and tasks. Units with the same id become one, with
    /// the aliases of both; a document id already taken gets a `~2` suffix, and its tasks follow.
    pub fn merge(&mut self, other: Model) {
        self.merge_all(vec![other]);
    }

    /// [`Model::merge`] for many models at once, in time linear in their sizes.
    pub fn merge_all(&mut self, others: Vec<Model>) {
        let mut merger = Merger::new(self);
        self.documents
            .reserve(others.iter().map(|o| o.documents.len()).sum());
        for other in others {
            merger.add(self, other);
        }
        merger.finish(self);
    }

    /// Adds `tasks` after the model's own. The longer list keeps its memory and the shorter is
    /// copied into it: appending a folder's 470,000 tasks to the built-in documents' 200
    /// copied them, and both copies counted at the peak. (A large list grows in place: the
    /// allocator remaps its pages rather than copying them.)
    /// A list with room for them (taken ahead for a folder read from text) takes them in
    /// place.
    fn take_tasks(&mut self, mut tasks: Vec<Task>) {
        let room = self.tasks.capacity() - self.tasks.len();
        if tasks.len() > self.tasks.len() && tasks.len() > room {
            tasks.splice(0..0, self.tasks.drain(..));
            self.tasks = tasks;
        } else {
            self.tasks.extend(tasks);
        }
    }

    /// The three lists an index is built from.
    pub fn parts(&self) -> crate::index::Parts<'_> {
        crate::index::Parts {
            documents: &self.documents,
            units: &self.units,
            tasks: &self.tasks,
        }
    }

    /// The model's lookups (built on first use, rebuilt after a change).
    pub fn index(&self) -> std::sync::Arc<crate::index::Index> {
        self.index.get(self.parts())
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_position(id).and_then(|i| self.units.get(i))
    }

    /// Where `task`, a reference into `tasks`, sits in it: views hold `&Task` rows and screens
    /// keep positions. Found from the address, not by scanning; None for a task from elsewhere.
    pub fn task_position(&self, task: &Task) -> Option<usize> {
        let size = std::mem::size_of::<Task>();
        let offset = (task as *const Task as usize).checked_sub(self.tasks.as_ptr() as usize)?;
        let i = offset / size;
        (offset % size == 0 && self.tasks.get(i).is_some_and(|t| std::ptr::eq(t, task)))
            .then_some(i)
    }

    /// Where the unit `id` is in `units`.
    pub fn unit_position(&self, id: &str) -> Option<usize> {
        self.index().unit(id)
    }

    pub fn document(&self, id: &str) -> Option<&Document> {
        self.document_position(id)
            .and_then(|i| self.documents.get(i))
    }

    /// Where the document `id` is in `documents`.
    pub fn document_position(&self, id: &str) -> Option<usize> {
        self.index().document(id)
    }

    /// Every task in which `unit` has a role, with that role, in model order.
    pub fn duties<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = (&'a Task, Role)> + 'a {
        let found: Vec<(&Task, Role)> = self
            .index()
            .duties(unit)
            .iter()
            .filter_map(|&(t, role)| self.tasks.get(t as usize).map(|t| (t, role)))
            .collect();
        found.into_iter()
    }

    /// The assignees of `task` in `role`, in written order, with whether each is a collective.
    pub fn assignees<'a>(
        &'a self,
        task: &'a Task,
        role: Role,
    ) -> impl Iterator<Item = (&'a str, bool)> + 'a {
        task.assignments
            .iter()
            .filter(move |a| a.role == role)
            .map(|a| {
                (
                    a.unit.as_str(),
                    self.unit(&a.unit).is_some_and(|u| u.collective),
                )
            })
    }

    pub fn role_counts(&self, unit: &str) -> RoleCounts {
        self.index().role_counts(unit)
    }

    /// Units that share at least one task with `unit`, with how many tasks they share, most first.
    pub fn partners(&self, unit: &str) -> Vec<(&Unit, usize)> {
        // Counted on interned numbers: the dashboard does this for the selected unit on each
        // key, and a province's unit has thousands of tasks.
        let mut out: Vec<(&Unit, usize)> = self
            .index()
            .partners(unit)
            .into_iter()
            .filter_map(|(id, n)| self.unit(id).map(|u| (u, n)))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        out
    }
}

/// What a merge into a model needs to know of it so far, kept across merges: models added one
/// at a time (a folder's as they are decoded) cost no more than all at once.
pub struct Merger {
    doc_ids: foldhash::HashSet<String>,
    unit_pos: foldhash::HashMap<String, usize>,
    /// The index of the tasks merged so far, put together as they come ([`Merger::finish`]);
    /// None when the model had tasks of its own to begin with (then it builds its own).
    index: Option<crate::index::IndexBuilder>,
}

impl Merger {
    /// A merger into `model`, which then takes models only through it.
    pub fn new(model: &Model) -> Merger {
        use foldhash::HashMapExt;
        let mut unit_pos = foldhash::HashMap::with_capacity(model.units.len());
        for (i, u) in model.units.iter().enumerate() {
            unit_pos.entry(u.id.clone()).or_insert(i);
        }
        Merger {
            doc_ids: model.documents.iter().map(|d| d.id.clone()).collect(),
            unit_pos,
            index: model.tasks.is_empty().then(Default::default),
        }
    }

    /// [`Model::merge`].
    pub fn add(&mut self, model: &mut Model, other: Model) {
        let before = model.tasks.len();
        self.merge(model, other);
        if let Some(index) = &mut self.index {
            index.add(model.tasks.get(before..).unwrap_or_default());
        }
    }

    /// Takes the document id `id` for a document merged now; the id it gets instead when an
    /// earlier document has it (`~2`, `~3`, …).
    fn claim(&mut self, id: &str) -> Option<String> {
        let fresh = self.doc_ids.contains(id).then(|| {
            (2..)
                .map(|n| format!("{id}~{n}"))
                .find(|fresh| !self.doc_ids.contains(fresh))
                .unwrap_or_else(|| id.to_string())
        });
        self.doc_ids
            .insert(fresh.clone().unwrap_or_else(|| id.to_string()));
        fresh
    }

    /// Takes the ids of documents that come here in a whole load but are left out of this one
    /// (the first frame's), so that the documents after them are renamed as in a whole load.
    pub fn pass_over(&mut self, ids: &[String]) {
        for id in ids {
            self.claim(id);
        }
    }

    fn merge(&mut self, model: &mut Model, other: Model) {
        let mut renamed: foldhash::HashMap<String, SharedStr> = Default::default();
        for mut d in other.documents {
            if let Some(fresh) = self.claim(&d.id) {
                renamed.insert(std::mem::replace(&mut d.id, fresh.clone()), fresh.into());
            }
            model.documents.push(d);
        }
        for u in other.units {
            merge_unit(&mut model.units, &mut self.unit_pos, u);
        }
        model.index.clear();
        if renamed.is_empty() {
            model.take_tasks(other.tasks);
            return;
        }
        for mut t in other.tasks {
            if let Some(new) = renamed.get(t.document.as_str()) {
                if let Some(rest) = t.id.strip_prefix(t.document.as_str()) {
                    t.id = format!("{new}{rest}").into();
                }
                t.document = new.clone();
            }
            model.tasks.push(t);
        }
    }

    /// Gives `model`, which took models only through this merger, the index of everything
    /// merged, so that its first use does not build one.
    pub fn finish(self, model: &Model) {
        if let Some(index) = self.index.filter(|ix| ix.tasks() == model.tasks.len()) {
            model.index.set(model.parts(), index.finish(model.parts()));
        }
    }
}

/// Adds `u` to `units` (where `pos` finds each by id): a unit met again adds the spellings it
/// has that the first lacks.
fn merge_unit(units: &mut Vec<Unit>, pos: &mut foldhash::HashMap<String, usize>, u: Unit) {
    match pos.get(&u.id).and_then(|&i| units.get_mut(i)) {
        Some(x) => {
            for a in u.aliases {
                if !x.aliases.contains(&a) {
                    x.aliases.push(a);
                }
            }
        }
        None => {
            pos.insert(u.id.clone(), units.len());
            units.push(u);
        }
    }
}

/// Units merged as a load merges them, kept apart from any model: a folder's own, for the
/// first frame its cache prepares.
#[derive(Debug, Default)]
pub(crate) struct UnitTable {
    pos: foldhash::HashMap<String, usize>,
    units: Vec<Unit>,
}

impl UnitTable {
    pub fn merge(&mut self, units: impl IntoIterator<Item = Unit>) {
        for u in units {
            merge_unit(&mut self.units, &mut self.pos, u);
        }
    }

    pub fn into_units(self) -> Vec<Unit> {
        self.units
    }
}

/// A model of bare units named `names` (levels from the names): what search and counterpart
/// tests start from.
#[cfg(test)]
pub(crate) fn of_unit_names(names: &[&str]) -> Model {
    Model {
        units: names
            .iter()
            .map(|n| Unit {
                id: n.to_string(),
                name: n.to_string(),
                aliases: Vec::new(),
                level: Level::of_name(n),
                collective: false,
            })
            .collect(),
        ..Model::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(document: &str, n: &str) -> Task {
        Task {
            id: format!("{document}/{n}").into(),
            document: document.into(),
            section: Default::default(),
            number: n.into(),
            kind: TaskKind::Task,
            title: n.into(),
            title_simplified: n.into(),
            text: Default::default(),
            text_simplified: Default::default(),
            annotation: None,
            assignments: Vec::new(),
            deadline: None,
            lines: [1, 1],
            at: None,
        }
    }

    fn document(id: &str) -> Document {
        Document {
            id: id.into(),
            title: id.into(),
            title_original: id.into(),
            issuer: None,
            date: None,
            number: None,
            source: id.into(),
            horizon: None,
            format: None,
        }
    }

    /// The first frame leaves most documents out of its model; taking their ids in passing
    /// renames the documents after them as the whole load does.
    #[test]
    fn passing_over_documents_renames_the_later_ones_as_merging_them_would() {
        let one = |id: &str| Model {
            documents: vec![document(id)],
            tasks: vec![task(id, "1")],
            ..Model::default()
        };
        let mut whole = Model::default();
        let mut all = Merger::new(&whole);
        for id in ["通知", "通知", "意见", "通知"] {
            all.add(&mut whole, one(id));
        }
        let mut part = Model::default();
        let mut some = Merger::new(&part);
        some.add(&mut part, one("通知"));
        some.pass_over(&["通知".to_string(), "意见".to_string()]);
        some.add(&mut part, one("通知"));
        let ids = |m: &Model| -> Vec<String> { m.documents.iter().map(|d| d.id.clone()).collect() };
        assert_eq!(ids(&whole), ["通知", "通知~2", "意见", "通知~3"]);
        assert_eq!(ids(&part), ["通知", "通知~3"]);
        assert_eq!(part.tasks[1].id.as_str(), "通知~3/1");
        assert_eq!(part.tasks[1].document.as_str(), "通知~3");
    }

    #[test]
    fn task_position_is_where_the_task_sits() {
        let mut m = Model::default();
        for n in ["1", "2", "3"] {
            m.tasks.push(task("", n));
        }
        assert_eq!(m.task_position(&m.tasks[2]), Some(2));
        assert_eq!(m.task_position(&m.tasks[0]), Some(0));
        let elsewhere = m.tasks[1].clone();
        assert_eq!(m.task_position(&elsewhere), None);
    }

    /// A longer list merged into a shorter one takes the shorter in front of it: the order
    /// is still the model's own tasks, then the merged ones, in turn.
    #[test]
    fn merging_keeps_the_order_whichever_list_is_longer() {
        let model = |doc: &str, n: usize| Model {
            documents: vec![Document {
                id: doc.into(),
                title: doc.into(),
                title_original: doc.into(),
                issuer: None,
                date: None,
                number: None,
                source: doc.into(),
                horizon: None,
                format: None,
            }],
            tasks: (1..=n).map(|i| task(doc, &i.to_string())).collect(),
            ..Model::default()
        };
        let mut m = model("a", 2);
        let long = model("b", 50);
        m.merge_all(vec![long, model("c", 3), model("a", 1)]);
        let ids: Vec<&str> = m.tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), 56);
        assert_eq!(&ids[..3], ["a/1", "a/2", "b/1"]);
        assert_eq!(&ids[51..], ["b/50", "c/1", "c/2", "c/3", "a~2/1"]);
        // With room taken ahead, a longer list is copied in after the model's own, in place.
        let mut roomy = model("a", 2);
        roomy.tasks.reserve(60);
        let at = roomy.tasks.as_ptr();
        roomy.merge_all(vec![model("b", 50), model("c", 3)]);
        assert_eq!(roomy.tasks.as_ptr(), at);
        let ids: Vec<&str> = roomy.tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids[..3], ["a/1", "a/2", "b/1"]);
        assert_eq!(ids[52..], ["c/1", "c/2", "c/3"]);
    }

    #[test]
    fn levels_follow_the_name() {
        assert_eq!(Level::of_name("市卫生健康委"), Level::City);
        assert_eq!(Level::of_name("省民政厅"), Level::Province);
        assert_eq!(Level::of_name("区发改局"), Level::District);
        assert_eq!(Level::of_name("县直各部门"), Level::County);
        assert_eq!(Level::of_name("商务部"), Level::National);
        assert_eq!(Level::of_name("海关总署"), Level::National);
        assert_eq!(Level::of_name("泰安市卫生健康委"), Level::City);
        assert_eq!(Level::of_name("广西壮族自治区民政厅"), Level::Province);
    }

    /// Every ministry and commission of the State Council, full and short names: national,
    /// whatever place characters their names hold (城乡, 农村).
    #[test]
    fn state_council_departments_are_national() {
        for name in [
            "外交部",
            "国防部",
            "国家发展和改革委员会",
            "国家发展改革委",
            "教育部",
            "科学技术部",
            "工业和信息化部",
            "国家民族事务委员会",
            "公安部",
            "国家安全部",
            "民政部",
            "司法部",
            "财政部",
            "人力资源和社会保障部",
            "人力资源社会保障部",
            "自然资源部",
            "生态环境部",
            "住房和城乡建设部",
            "住房城乡建设部",
            "交通运输部",
            "水利部",
            "农业农村部",
            "商务部",
            "文化和旅游部",
            "国家卫生健康委员会",
            "国家卫生健康委",
            "退役军人事务部",
            "应急管理部",
            "中国人民银行",
            "审计署",
            "海关总署",
            "市场监管总局",
        ] {
            assert_eq!(Level::of_name(name), Level::National, "{name}");
            let short = crate::extract::units::canonical(name);
            assert_eq!(Level::of_name(&short), Level::National, "{short}");
        }
    }

    #[test]
    fn places_from_the_prefix() {
        for (name, level) in [
            ("山东省人民政府", Level::Province),
            ("山东省民政厅", Level::Province),
            ("省住房城乡建设厅", Level::Province),
            ("新疆维吾尔自治区卫生健康委", Level::Province),
            ("泰安市人民政府", Level::City),
            ("泰安市住房城乡建设局", Level::City),
            ("市住房城乡建设局", Level::City),
            ("市场监管局", Level::National),
            ("市市场监管局", Level::City),
            ("市政府办公室", Level::City),
            ("延边朝鲜族自治州民政局", Level::City),
            ("山东省泰安市岱岳区卫生健康局", Level::District),
            ("天河区社区服务中心", Level::District),
            ("宁阳县民政局", Level::County),
            ("县农业农村局", Level::County),
            ("东平县乡村振兴局", Level::County),
            ("马庄镇人民政府", Level::Township),
            ("下港乡政府", Level::Township),
            ("天平街道办事处", Level::Township),
            ("镇财政所", Level::Township),
        ] {
            assert_eq!(Level::of_name(name), level, "{name}");
        }
    }
}
