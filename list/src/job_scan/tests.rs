//! The hand reader against serde's: wherever it answers, it answers what serde answers, the
//! value and the bytes taken, for every form a field may take, every cut and random damage.

use super::scan;
use crate::list_job::ListJob;
use crate::list_stream::decode_one;

/// A job as the simulator writes it, and as a real server does (fields in its order).
const USUAL: &str = r#"{"id":4021,"jobName":"Nightly API regression","jobDescription":"Runs the API suite","projectId":1,"releaseId":10,"automationFramework":"JUnit","cycleName":"Sprint 14","isReuse":false,"timeStamp":true,"cycleStartDateStr":"11/01/2026","cycleEndDateStr":null,"phaseName":"API","jobDetailTcrCatalogTreeId":12,"testRepositoryPath":"Root > API > Nightly","createPackage":false,"assignResultsTo":-10,"environment":"staging","status":"completed","createdBy":"dana","jobCrationDate":1764000000000,"jobModifyDate":1764100000000,"jobScheduleDate":null}"#;

/// Whether the hand reader took `text`; wherever it did, serde reads the same.
fn agrees(text: &str) -> bool {
    let by_serde = decode_one::<ListJob>(text);
    match scan(text) {
        Some(by_hand) => {
            assert_eq!(by_serde, Ok(Some(by_hand)), "{text:?}");
            true
        }
        None => false,
    }
}

#[test]
fn the_usual_job_is_read_by_hand_as_serde_reads_it() {
    let spaced = USUAL.replace(",\"", ", \n\t\"").replace(":", " : ");
    let taken = [
        USUAL,
        &spaced,
        r#"{"id":7,"jobName":"Nightly API","automatedFramework":"JUnit","cycleName":"Sprint 4","status":"IN_PROGRESS","createdBy":"dana","jobCreationDate":-1,"jobModifyDate":"11/30/2026","jobScheduleDate":"2026-11-29","projectId":0,"releaseId":999999999999999999}"#,
        r#"{"id":0,"jobName":null,"automationFramework":null,"cycleName":"","status":null,"createdBy":null}"#,
        r#"{"jobName":"Ünïcödé ✓ 名前","id":9,"extra":{"nested":[1,-2.5e3,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9",{}],"e":[]}}"#,
        r#"{"id":9,"status":"Paused"}"#,
    ];
    for job in taken {
        for after in [",", "]", " ,"] {
            assert!(agrees(&format!("{job}{after}")), "not taken: {job}{after}");
        }
    }
}

#[test]
fn every_other_form_is_left_to_serde_or_read_alike() {
    let left = [
        r#"{"id":"8"}"#,
        r#"{"id":8.0}"#,
        r#"{"id":-0}"#,
        r#"{"id":012}"#,
        r#"{"id":1234567890123456789}"#,
        r#"{"id":99999999999999999999}"#,
        r#"{"id":1e3}"#,
        r#"{"id":null}"#,
        r#"{"id":true}"#,
        r#"{"id":[1]}"#,
        r#"{"jobName":"no id"}"#,
        r#"{}"#,
        r#"{ }"#,
        r#"{"id":1,"id":2}"#,
        r#"{"id":1,"automationFramework":"a","automatedFramework":"b"}"#,
        r#"{"id":1,"jobCrationDate":1,"jobCreationDate":2}"#,
        r#"{"id":1,"jobName":"tab\there"}"#,
        r#"{"id":1,"jobName":"quote \" inside"}"#,
        "{\"id\":1,\"jobName\":\"raw\ttab\"}",
        "{\"id\":1,\"skipped\":\"raw\u{1}control\"}",
        r#"{"id":1,"jobName":42}"#,
        r#"{"id":1,"status":3}"#,
        r#"{"id":1,"jobModifyDate":1.5}"#,
        r#"{"id":1,"jobModifyDate":true}"#,
        r#"{"id":1,}"#,
        r#"{"id":1 "jobName":"x"}"#,
        r#"{"id":1,"skipped":tru}"#,
        r#"{"id":1,"skipped":truex}"#,
        r#"{"id":1,"skipped":1.}"#,
        r#"{"id":1,"skipped":-}"#,
        r#"{"id":1,"skipped":01}"#,
        r#"{"id":1,"skipped":"\x"}"#,
        r#"{"id":1,"skipped":"\u12g4"}"#,
        r#"{"id":1,"skipped":[1,]}"#,
        r#"{"id":1,"skipped":{"a" 1}}"#,
        r#"{"id":1,"ski\u0070ped":1}"#,
        r#"{"\u0069d":1}"#,
        r#"{"id":1,"deep":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}"#,
        "{\"id\":1,\u{c}\"jobName\":\"form feed\"}",
        r#"[1,"name"]"#,
        r#"null"#,
        r#""text""#,
    ];
    for job in left {
        for after in ["", ",", "]"] {
            agrees(&format!("{job}{after}"));
        }
    }
    for job in &left[..left.len() - 3] {
        assert!(!agrees(&format!("{job},")), "taken: {job}");
    }
}

/// A window's end may cut a job anywhere; serde tells a cut from a finished value there.
#[test]
fn a_job_cut_anywhere_is_left_to_serde() {
    let text = format!("{USUAL},");
    for end in 0..text.len() - 1 {
        if let Some(cut) = text.get(..end) {
            assert!(!agrees(cut), "taken cut at {end}: {cut:?}");
        }
    }
    assert!(agrees(&text));
}

/// Random damage to the usual job (a byte replaced, dropped or doubled, by a fixed seed):
/// whatever the hand reader still takes, serde reads alike.
#[test]
fn damaged_jobs_are_read_as_serde_reads_them() {
    let base = format!("{USUAL},{USUAL}");
    let bytes = b"{}[]\",:\\ -+.0123456789eEtrufalsn\t\n\r\x0c\x01xu/";
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    let (mut taken, mut tried) = (0, 0);
    for _ in 0..40_000 {
        let mut text = base.clone().into_bytes();
        for _ in 0..1 + next(3) {
            let at = next(text.len());
            match next(3) {
                0 => text[at] = bytes[next(bytes.len())],
                1 => drop(text.remove(at)),
                _ => text.insert(at, bytes[next(bytes.len())]),
            }
        }
        let Ok(text) = String::from_utf8(text) else {
            continue;
        };
        tried += 1;
        taken += usize::from(agrees(&text));
    }
    // Most damage falls in the skipped fields' text or values, where the job still reads.
    assert!(taken > tried / 4 && taken < tried, "{taken} of {tried}");
}

/// The word-at-a-time search stops where a byte-at-a-time one does, wherever the stop sits.
#[test]
fn a_string_stops_at_its_first_quote_escape_or_control() {
    let filler = "aé€ \u{7f}".as_bytes();
    for len in 0..40 {
        for at in 0..=len {
            for stop in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                let mut bytes: Vec<u8> = filler.iter().cycle().take(len).copied().collect();
                let expected = (at < len).then(|| {
                    bytes[at] = stop;
                    at
                });
                // What follows a stop does not matter; a later stop is not the first.
                bytes.extend_from_slice(b"x\"\\\x01");
                let expected = expected.or(Some(len + 1));
                for from in 0..=at.min(len) {
                    assert_eq!(
                        super::string_stop(&bytes, from),
                        expected,
                        "{bytes:?} from {from}"
                    );
                }
            }
        }
    }
    assert_eq!(super::string_stop(b"abc", 0), None);
}
