// What a column means, per its publisher (issue 9 §2): columns that are easy to
// misread, each read as its schema says. Google 2019: clusterdata_trace_format_v3.proto
// (docs/trace-sources.md §2). The Alibaba GPU 2020 gpu_type / gpu_type_spec case is
// in fixtures.test.ts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { TaskRecord } from "../../traces/canonical/trace-record.ts";
import { convertAndRead, scratchDir } from "./helpers.ts";

test("google-2019: max_per_machine 1 is a distinct-machine constraint; machine_id −1 (DEDICATED_MACHINE) and 0 (NO_MACHINE) are no machine", async () => {
  const dir = scratchDir();
  const collections = join(dir, "collection_events-000000000000.json");
  // Collection 1: at most one instance per machine. Collection 2: at most 4, which has no canonical form.
  writeFileSync(
    collections,
    ['{"time":"700000000","collection_id":"1","priority":"200","user":"a","max_per_machine":"1"}', '{"time":"700000000","collection_id":"2","priority":"200","user":"b","max_per_machine":"4"}'].join("\n") + "\n",
  );
  const instances = join(dir, "instance_events-000000000000.json");
  writeFileSync(
    instances,
    [
      '{"time":"700000000","collection_id":"1","instance_index":"0","priority":"200","constraint":[{"name":"zone","value":"a","relation":"0"}]}',
      '{"time":"710000000","type":"3","collection_id":"1","instance_index":"0","priority":"200","machine_id":"-1"}',
      '{"time":"700000000","collection_id":"2","instance_index":"0","priority":"200"}',
      '{"time":"710000000","type":"3","collection_id":"2","instance_index":"0","priority":"200","machine_id":"0"}',
    ].join("\n") + "\n",
  );
  const c = await convertAndRead("google-2019", [collections, instances]);
  const task = (id: string) => c.records.find((r): r is TaskRecord => r.type === "task" && r.id === id);
  assert.equal(task("1/0")?.constraints, [
    { name: "zone", op: "eq", value: "a" },
    { name: "machine", op: "distinct", value: null },
  ]);
  assert.equal(task("2/0")?.constraints, []);
  assert.equal([task("1/0")?.machine, task("2/0")?.machine], [null, null]);
  assert.equal([task("1/0")?.status, task("1/0")?.start], ["running", 110e6]);
});

test.run();
