"""The Spark job of scripts/spark-run (run that script, not this file).

The driver lists the corpus with `sourcefacts list`, deals the files into
partitions of about equal bytes (largest first, each to the lightest
partition), and runs `sourcefacts extract` once per partition on the
executors (mapPartitionsWithIndex: the partition's listing lines go to the
binary's stdin, its part goes to PARTS/part-NNNNN). When every part is
written, the driver runs `sourcefacts reduce` over them. Timings go to
stderr: listing, map, reduce.
"""

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(prog="spark-run")
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--master", default=None, help="Spark master URL (default local[*])")
    p.add_argument("--partitions", type=int, default=None,
                   help="map partitions (default: Spark's default parallelism)")
    p.add_argument("--parts", default=None, help="folder for the parts (default OUT.parts)")
    p.add_argument("--keep-parts", action="store_true", help="keep the parts after the reduce")
    p.add_argument("--bin", default=None, help="the sourcefacts binary to ship to the executors")
    p.add_argument("--threads-per-task", type=int, default=1,
                   help="threads of each extract (one per Spark task core)")
    p.add_argument("--default-bin", help=argparse.SUPPRESS)
    return p.parse_args()


def deal(lines, n):
    """Partitions of about equal bytes: largest file first, each to the
    lightest partition (ties to the lowest index). Deterministic."""
    sized = sorted(((json.loads(l)["bytes"], i, l) for i, l in enumerate(lines)),
                   key=lambda t: (-t[0], t[1]))
    loads = [0] * n
    parts = [[] for _ in range(n)]
    for size, _, line in sized:
        k = min(range(n), key=lambda j: (loads[j], j))
        loads[k] += size
        parts[k].append(line)
    return parts, loads


def main():
    args = parse_args()
    binary = os.path.abspath(args.bin or args.default_bin)
    parts_dir = os.path.abspath(args.parts or args.out.rstrip("/") + ".parts")
    started = time.time()
    listing = subprocess.run([binary, "list", args.corpus], check=True,
                             capture_output=True, text=True).stdout.splitlines()
    listed = time.time()

    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("sourcefacts")
    builder = builder.master(args.master or "local[*]")
    builder = builder.config("spark.ui.enabled", "false")
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    sc.addFile(binary)
    name = os.path.basename(binary)
    n = args.partitions or sc.defaultParallelism
    dealt, loads = deal(listing, n)
    if os.path.exists(parts_dir):
        shutil.rmtree(parts_dir)
    os.makedirs(parts_dir)
    corpus, threads = args.corpus, str(args.threads_per_task)
    # Executors run in folders of their own: the extract runs in the
    # driver's working folder (on a shared file system, at the same path),
    # so the listing's paths, relative or not, name the same files and
    # documents.csv says `path` as `run` says it.
    here = os.getcwd()

    def extract(index, lines):
        exe = SparkFiles.get(name)
        os.chmod(exe, os.stat(exe).st_mode | stat.S_IXUSR)
        lines = [l for chunk in lines for l in chunk]
        out = os.path.join(parts_dir, "part-%05d" % index)
        if not os.path.isdir(os.path.join(here, corpus)):
            yield (index, 2, "the corpus %s is not at %s on this executor: spark-run needs "
                   "the corpus and the parts folder on a file system shared at the same path"
                   % (corpus, here), len(lines), 0.0)
            return
        t0 = time.time()
        proc = subprocess.run(
            [exe, "extract", "--corpus-root", corpus, "--out", out,
             "--threads", threads, "--quiet", "--no-summary"],
            input="".join(l + "\n" for l in lines), capture_output=True, text=True, cwd=here)
        yield (index, proc.returncode, proc.stderr, len(lines), time.time() - t0)

    # One element per partition (its whole listing), so partition k holds
    # exactly the files dealt to it.
    rdd = sc.parallelize(dealt, n)
    results = rdd.mapPartitionsWithIndex(extract).collect()
    mapped = time.time()
    spark.stop()
    stopped = time.time()
    failed = [r for r in results if r[1] != 0]
    for index, code, err, count, secs in sorted(results):
        print("spark-run: part-%05d: %d files, %.1f MB, %.2f s%s" % (
            index, count, loads[index] / 1e6, secs,
            "" if code == 0 else ", FAILED (%d): %s" % (code, err.strip())), file=sys.stderr)
    if failed:
        sys.exit("spark-run: %d of %d partitions failed; the output is untouched" % (len(failed), n))
    parts = [os.path.join(parts_dir, "part-%05d" % k) for k in range(n)]
    reduce = subprocess.run([binary, "reduce", *parts, "--out", args.out, "--quiet"])
    reduced = time.time()
    if reduce.returncode != 0:
        sys.exit(reduce.returncode)
    if not args.keep_parts:
        shutil.rmtree(parts_dir)
    print("spark-run: %d files in %d partitions; list %.2f s, Spark (start, map, stop) %.2f s, "
          "reduce %.2f s, total %.2f s (reduce %.0f%%)" % (
              len(listing), n, listed - started, stopped - listed, reduced - stopped,
              reduced - started, 100 * (reduced - stopped) / max(reduced - started, 1e-9)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
