use std::io::BufRead;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let w = backissues::index::store::open_for_writing(std::path::Path::new(&dir), true).unwrap();
    let fields = backissues::index::schema::IndexFields::new(&w.index.schema()).unwrap();
    for line in std::io::stdin().lock().lines() {
        let doc: backissues::model::LinkDoc = serde_json::from_str(&line.unwrap()).unwrap();
        w.writer
            .add_document(fields.to_document(&doc, "h").unwrap())
            .unwrap();
    }
    let mut writer = w.writer;
    writer.commit().unwrap();
}
