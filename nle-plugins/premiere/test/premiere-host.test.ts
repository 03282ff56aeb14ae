import assert from "node:assert/strict";
import { test } from "node:test";
import { COLUMNS, PremiereHost } from "../src/host/premiere.js";
import { FakePremiere, NAMESPACES } from "./fake-premierepro.js";

// PremiereHost, the panel's only code that calls Premiere, against a recording fake of Premiere's
// UXP API itself (fake-premierepro.ts): the calls it makes, in which order, with which arguments,
// and what it says when Premiere answers false.

const project = { name: "cut", path: "/p/cut.prproj" };

function hostOn(fake: FakePremiere): PremiereHost {
  return new PremiereHost(fake.modules());
}

test("ingest off: setIngestEnabled(false), then the settings action in a transaction under the lock", async () => {
  const fake = new FakePremiere(project, null, true);
  const host = hostOn(fake);
  assert.equal(await host.isIngestEnabled(), true);
  await host.disableIngest();
  assert.equal(fake.ingestEnabled, false);
  assert.deepEqual(fake.apis(), [
    "IngestSettings.setIngestEnabled",
    "Project.lockedAccess", // actions are made under the project's lock, inside the transaction
    "ProjectSettings.createSetIngestSettingsAction",
    "Project.executeTransaction",
  ]);
  assert.deepEqual(fake.named("IngestSettings.setIngestEnabled"), [[false]]);
  assert.deepEqual(fake.named("Project.executeTransaction"), [["Turn ingest off (gateway)", ["ingest off"]]]);
});

test("a bin at the project's root, made once; files imported into it once, with the UI suppressed", async () => {
  const fake = new FakePremiere(project, null, true);
  fake.ingestEnabled = false;
  const host = hostOn(fake);
  assert.equal(await host.ensureBin("demo"), true);
  assert.equal(await host.ensureBin("demo"), false);
  assert.deepEqual(fake.named("FolderItem.createBinAction"), [["demo", false]]);

  const paths = ["/c/demo/A001C003__ca38b1d4.mov", "/c/demo/SR001__0b1c2d3e.wav"];
  const clips = await host.importFiles(paths, "demo");
  assert.deepEqual(clips.map((c) => c.path), paths);
  assert.deepEqual(fake.named("Project.importFiles"), [[paths, true, "demo", false]]);
  // Again, with one more file: only the new one is imported.
  const more = [...paths, "/c/demo/B002C011__77aa0011.mov"];
  assert.deepEqual((await host.importFiles(more, "demo")).map((c) => c.path), more);
  assert.deepEqual(fake.named("Project.importFiles")[1], [["/c/demo/B002C011__77aa0011.mov"], true, "demo", false]);
  assert.equal(fake.bin("demo")!.items.length, 3);
});

test("metadata: the four project columns (added to the schema once) and the clip's XMP, in one transaction", async () => {
  const fake = new FakePremiere(project, null, true);
  fake.ingestEnabled = false;
  const host = hostOn(fake);
  await host.ensureBin("demo");
  const [clip] = await host.importFiles(["/c/demo/A001C003__ca38b1d4.mov"], "demo");
  const m = { assetId: "a1", reel: "A001C003", originalName: "A001C003.mov", startTimecode: "01:00:00:00", frameRate: "25/1" };
  await host.writeClipMetadata(clip!, m);
  await host.writeClipMetadata(clip!, { ...m, reel: null, originalName: null });

  assert.deepEqual([...fake.columns.keys()], Object.values(COLUMNS).map(([name]) => name));
  assert.equal(fake.named("Metadata.addPropertyToProjectMetadataSchema").length, 4, "the schema is extended once per panel");
  const [path, columns, updated] = fake.named("Metadata.createSetProjectMetadataAction")[0]!;
  assert.equal(path, "/c/demo/A001C003__ca38b1d4.mov");
  assert.deepEqual(columns, {
    [NAMESPACES.projectColumns]: { GatewayAssetId: "a1", GatewayReel: "A001C003", GatewayOriginalName: "A001C003.mov", GatewayStartTC: "01:00:00:00" },
  });
  assert.deepEqual(updated, ["GatewayAssetId", "GatewayReel", "GatewayOriginalName", "GatewayStartTC"]);
  const [, xmp] = fake.named("Metadata.createSetXMPMetadataAction")[0]!;
  assert.deepEqual(xmp, {
    [NAMESPACES.dynamicMedia]: { tapeName: "A001C003" },
    [NAMESPACES.gateway]: { assetId: "a1", originalFileName: "A001C003.mov", startTimecode: "01:00:00:00", frameRate: "25/1" },
  });
  // The transaction applied both packets to the clip; the second write names only what it had.
  assert.deepEqual(fake.named("Metadata.createSetProjectMetadataAction")[1]![2], ["GatewayAssetId", "GatewayStartTC"]);
  const stored = fake.bin("demo")!.items[0]!;
  assert.equal(JSON.parse(stored.projectXmp)[NAMESPACES.projectColumns].GatewayReel, "A001C003", "kept from the first write");
});

test("export: OpenTimelineIO where ProjectConverter has it, FCP 7 XML on an older Premiere", async () => {
  const written: string[] = [];
  const fake = new FakePremiere(project, { name: "demo cut v1" }, true, (p, f) => written.push(`${f}:${p}`));
  const host = hostOn(fake);
  assert.equal(host.canExportOtio(), true);
  await host.exportActiveSequence("/p/demo cut v1.otio", "otio");
  assert.deepEqual(fake.named("ProjectConverter.exportAsOpenTimelineIO"), [["demo cut v1", "/p/demo cut v1.otio", true]]);

  const old = new FakePremiere(project, { name: "demo cut v1" }, false, (p, f) => written.push(`${f}:${p}`));
  const oldHost = hostOn(old);
  assert.equal(oldHost.canExportOtio(), false);
  await oldHost.exportActiveSequence("/p/demo cut v1.xml", "fcp7xml");
  assert.deepEqual(old.named("ProjectConverter.exportAsFinalCutProXML"), [["demo cut v1", "/p/demo cut v1.xml", true]]);
  assert.deepEqual(written, ["otio:/p/demo cut v1.otio", "fcp7xml:/p/demo cut v1.xml"]);
});

test("every Premiere call that answers false becomes an error naming the call", async () => {
  const cases: [string, (h: PremiereHost) => Promise<unknown>, RegExp][] = [
    ["IngestSettings.setIngestEnabled", (h) => h.disableIngest(), /^IngestSettings\.setIngestEnabled\(false\) returned false$/],
    ["Project.executeTransaction", (h) => h.disableIngest(), /^Project\.executeTransaction\("Turn ingest off \(gateway\)"\) returned false$/],
    ["Project.importFiles", async (h) => (await h.ensureBin("demo"), h.importFiles(["/c/a.mov"], "demo")), /^Project\.importFiles returned false for \/c\/a\.mov$/],
    ["ProjectConverter.exportAsOpenTimelineIO", (h) => h.exportActiveSequence("/p/s.otio", "otio"), /^ProjectConverter\.exportAsOpenTimelineIO returned false for \/p\/s\.otio$/],
    ["shell.openPath", (h) => h.openPath("/p/s.otio.conform-report.html"), /^the system refused to open it$/],
  ];
  for (const [api, run, message] of cases) {
    const fake = new FakePremiere(project, { name: "s" }, true);
    if (api === "Project.importFiles") fake.ingestEnabled = false;
    fake.fail.add(api);
    await assert.rejects(run(hostOn(fake)), (e: unknown) => e instanceof Error && message.test(e.message), api);
  }
  const none = hostOn(new FakePremiere(null, null, true));
  await assert.rejects(none.activeProject(), /^Error: no project is open$/);
  const noSeq = hostOn(new FakePremiere(project, null, true));
  await assert.rejects(noSeq.exportActiveSequence("/p/x.otio", "otio"), /^Error: no active sequence$/);
});
