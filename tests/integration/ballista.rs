//! The DataFusion plans on a real Apache Ballista cluster (feature `ballista`): a scheduler and
//! two executors started as separate processes on 127.0.0.1, stopped when the test ends, and
//! the chamber and echo-chamber stages, windows per file and the whole result folder of
//! `chambers analyze --engine ballista://127.0.0.1:PORT` equal to the in-memory ones.
//!
//! The test starts the `ballista-scheduler` and `ballista-executor` binaries built next to it
//! by `cargo build -p ballista-scheduler -p ballista-executor -p chambers-examples --features
//! chambers-examples/ballista` (.ci/run does so).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chambers::datafusion::EngineParams;

use crate::datafusion::{
    WEEKS, analyze, assert_echo_equal, assert_engine_only_equal, assert_per_file_windows_equal,
    assert_same_results, quick_analysis, sample_in_parts, sample_parquet,
};
use crate::read;

/// A child process killed (and reaped) when dropped, so a failing test leaves nothing running.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The binary `name` built next to this test (target/PROFILE/).
fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().unwrap().parent().unwrap().join(name);
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build -p ballista-scheduler -p ballista-executor -p chambers-examples --features chambers-examples/ballista`",
        path.display()
    );
    path
}

/// A port free on 127.0.0.1 now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something listens on `port` (at most 60 s).
fn wait_for(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "nothing listens on 127.0.0.1:{port} after 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn start(binary: &Path, args: &[String], log: &Path) -> Process {
    let log = std::fs::File::create(log).unwrap();
    Process(
        Command::new(binary)
            .args(args)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap(),
    )
}

#[test]
fn two_executors_on_localhost_equal_memory() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = sample_parquet(dir.path());
    let scheduler_port = free_port();
    let host = |flag: &str| [flag.to_string(), "127.0.0.1".to_string()];
    let mut args: Vec<String> = host("--bind-host").into();
    args.extend(host("--external-host"));
    args.extend(["--bind-port".into(), scheduler_port.to_string()]);
    let _scheduler = start(
        &binary("ballista-scheduler"),
        &args,
        &dir.path().join("scheduler.log"),
    );
    wait_for(scheduler_port);
    let mut executors = Vec::new();
    let mut work_dirs = Vec::new();
    for i in 0..2 {
        let (port, grpc) = (free_port(), free_port());
        let work = dir.path().join(format!("executor-{i}"));
        std::fs::create_dir(&work).unwrap();
        let mut args: Vec<String> = host("--bind-host").into();
        args.extend(host("--external-host"));
        args.extend(host("--scheduler-host"));
        args.extend([
            "--scheduler-port".into(),
            scheduler_port.to_string(),
            "--bind-port".into(),
            port.to_string(),
            "--bind-grpc-port".into(),
            grpc.to_string(),
            "--work-dir".into(),
            work.to_string_lossy().into_owned(),
        ]);
        executors.push(start(
            &binary("ballista-executor"),
            &args,
            &dir.path().join(format!("executor-{i}.log")),
        ));
        wait_for(port);
        work_dirs.push(work);
    }
    // The executors register with the scheduler right after they listen.
    std::thread::sleep(Duration::from_secs(2));

    // The chamber stage and the echo-chamber counts on the cluster equal memory's.
    let (windows, _) = read(&parquet, WEEKS).unwrap();
    let staging = dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    let engine = EngineParams::default()
        .scheduler(Some(format!("df://127.0.0.1:{scheduler_port}")))
        .spill_dir(Some(staging));
    let paths = [parquet.to_string_lossy().into_owned()];
    let (sided, _) = assert_echo_equal(&paths, &windows, quick_analysis(), None, &engine);
    assert!(sided > 0);
    // Windows per file on the cluster: each file one window, as in memory.
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    assert_per_file_windows_equal(&sample_in_parts(&parts).1, &engine);
    // The command line on the cluster: the whole result folder equals memory's.
    let parquet = [parquet.to_string_lossy().into_owned()];
    let cluster = format!("ballista://127.0.0.1:{scheduler_port}");
    let (in_memory, on_cluster) = (dir.path().join("memory"), dir.path().join("cluster"));
    analyze(&parquet, &[], &in_memory);
    let report = analyze(&parquet, &["--engine", &cluster], &on_cluster);
    assert_eq!(report["engine"]["name"], cluster);
    assert_same_results(&in_memory, &on_cluster);
    // With no window's graph on this machine: what it computes equals memory's.
    let tables = ["--table-format", "parquet"];
    let (in_memory, on_cluster) = (
        dir.path().join("memory-pq"),
        dir.path().join("cluster-only"),
    );
    analyze(&parquet, &tables, &in_memory);
    let only = [&tables[..], &["--engine", &cluster, "--engine-only"]].concat();
    let report = analyze(&parquet, &only, &on_cluster);
    assert_eq!(report["engine"]["name"], cluster);
    assert_engine_only_equal(&in_memory, &on_cluster);
    // Both executors ran tasks: each wrote shuffle files into its work folder.
    for work in &work_dirs {
        assert!(
            std::fs::read_dir(work).unwrap().next().is_some(),
            "{} ran no task",
            work.display()
        );
    }
}
