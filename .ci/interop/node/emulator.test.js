// The official Node.js SDK (`tencentcloud-sdk-nodejs-common`'s CommonClient) against the
// emulator binary on a free loopback port: the documented outcomes of
// CreateTRTCSignaturesWithRoomId, and actions of other services served from the spec index.
//
// The SDK takes the signing service from the endpoint's first label and signs the host name
// without its port, while it sends `Host` with the port. So the endpoint is
// `SERVICE.emulator.localhost:PORT`, and an `http.Agent` whose `lookup` answers 127.0.0.1
// takes every connection to the emulator (nothing is resolved, nothing leaves the machine).
//
// Environment: EMULATOR_BIN, the emulator binary (default: target/debug/tencent-action-emulator
// under the repository root).

"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const http = require("node:http");
const path = require("node:path");
const readline = require("node:readline");
const { CommonClient } = require("tencentcloud-sdk-nodejs-common");

const SECRET_ID = "AKIDinteropNodeSdkTestSecretId00001";
const SECRET_KEY = "interopNodeSdkTestSecretKey00000001";
const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const EMULATOR_BIN =
  process.env.EMULATOR_BIN || path.join(REPO_ROOT, "target", "debug", "tencent-action-emulator");

let emulator;
let port;

// Every host name the SDK asks for is this machine's loopback address.
const agent = new http.Agent({
  keepAlive: true,
  lookup(hostname, options, callback) {
    if (options && options.all) {
      callback(null, [{ address: "127.0.0.1", family: 4 }]);
    } else {
      callback(null, "127.0.0.1", 4);
    }
  },
});

before(async () => {
  emulator = spawn(
    EMULATOR_BIN,
    ["--listen", "127.0.0.1:0", "--secret-id", SECRET_ID, "--secret-key", SECRET_KEY],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = readline.createInterface({ input: emulator.stdout });
  port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the emulator did not start in 60 s")), 60000);
    emulator.once("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
    lines.on("line", (line) => {
      const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  assert.notEqual(port, 80);
});

after(async () => {
  agent.destroy();
  if (emulator && emulator.exitCode === null) {
    const exited = new Promise((resolve) => emulator.once("exit", resolve));
    emulator.kill("SIGTERM");
    assert.equal(await exited, 0);
  }
});

function client(service, version, options = {}) {
  return new CommonClient(`${service}.emulator.localhost:${port}`, version, {
    credential: {
      secretId: options.secretId || SECRET_ID,
      secretKey: options.secretKey || SECRET_KEY,
    },
    region: options.region || "ap-guangzhou",
    profile: {
      language: options.language,
      httpProfile: {
        protocol: "http://",
        reqMethod: options.method || "POST",
        reqTimeout: 30,
        agent,
      },
    },
  });
}

let rooms = 0;
function freshRoom() {
  rooms += 1;
  return `node-room-${process.pid}-${rooms}`;
}

function users(n) {
  return Array.from({ length: n }, (_, i) => `node-user-${i + 1}`);
}

function trtc(options) {
  return client("iotexplorer", "2019-04-23", options);
}

async function expectCode(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.code, code, `${err.code}: ${err.message}`);
    assert.ok(err.requestId, "the error carries a RequestId");
    return true;
  });
}

function assertParams(resp, ids, room) {
  assert.ok(resp.RequestId);
  assert.equal(resp.TRTCParamList.length, ids.length);
  resp.TRTCParamList.forEach((p, i) => {
    assert.equal(p.UserId, ids[i]);
    assert.equal(p.StrRoomId, room);
    // base64 of a zlib stream (0x78 0x9c), in the UserSig alphabet
    assert.match(p.UserSig, /^eJ[A-Za-z0-9*_-]+$/);
    assert.ok(Number.isInteger(p.SdkAppId));
  });
}

test("POST creates the parameters", async () => {
  const room = freshRoom();
  const ids = users(2);
  const resp = await trtc().request("CreateTRTCSignaturesWithRoomId", { TRTCUserIds: ids, RoomId: room });
  assertParams(resp, ids, room);
});

test("GET with the parameters in the query", async () => {
  const room = freshRoom();
  const ids = users(3);
  const resp = await trtc({ method: "GET" }).request("CreateTRTCSignaturesWithRoomId", {
    TRTCUserIds: ids,
    RoomId: room,
  });
  assertParams(resp, ids, room);
});

test("en-US messages", async () => {
  await assert.rejects(
    trtc({ language: "en-US" }).request("CreateTRTCSignaturesWithRoomId", { TRTCUserIds: users(11), RoomId: freshRoom() }),
    (err) => {
      assert.equal(err.code, "InvalidParameter.UserIdOverLimit");
      assert.match(err.message, /^[\x20-\x7e]+$/, err.message);
      return true;
    },
  );
});

test("the same room twice is InvalidParameter.RoomIdExist", async () => {
  const room = freshRoom();
  await trtc().request("CreateTRTCSignaturesWithRoomId", { TRTCUserIds: users(1), RoomId: room });
  await expectCode(
    trtc().request("CreateTRTCSignaturesWithRoomId", { TRTCUserIds: users(1), RoomId: room }),
    "InvalidParameter.RoomIdExist",
  );
});

test("eleven users is InvalidParameter.UserIdOverLimit", async () => {
  await expectCode(
    trtc().request("CreateTRTCSignaturesWithRoomId", { TRTCUserIds: users(11), RoomId: freshRoom() }),
    "InvalidParameter.UserIdOverLimit",
  );
});

test("a wrong secret key is AuthFailure.SignatureFailure", async () => {
  await expectCode(
    trtc({ secretKey: `${SECRET_KEY}-wrong` }).request("CreateTRTCSignaturesWithRoomId", {
      TRTCUserIds: users(1),
      RoomId: freshRoom(),
    }),
    "AuthFailure.SignatureFailure",
  );
});

test("an unknown SecretId is AuthFailure.SecretIdNotFound", async () => {
  await expectCode(
    trtc({ secretId: "AKIDunknownNodeSdkSecretId000000000" }).request("CreateTRTCSignaturesWithRoomId", {
      TRTCUserIds: users(1),
      RoomId: freshRoom(),
    }),
    "AuthFailure.SecretIdNotFound",
  );
});

test("a region the action is not offered in is UnsupportedRegion", async () => {
  await expectCode(
    trtc({ region: "ap-beijing" }).request("CreateTRTCSignaturesWithRoomId", {
      TRTCUserIds: users(1),
      RoomId: freshRoom(),
    }),
    "UnsupportedRegion",
  );
});

test("a missing RoomId is MissingParameter", async () => {
  await expectCode(
    trtc().request("CreateTRTCSignaturesWithRoomId", { TRTCUserIds: users(1) }),
    "MissingParameter",
  );
});

test("an action that does not exist is InvalidAction", async () => {
  await expectCode(
    trtc().request("CreateTRTCSignatures", { TRTCUserIds: users(1), RoomId: freshRoom() }),
    "InvalidAction",
  );
});

// Actions of other services, served from the spec index.
for (const [service, version, action, params] of [
  ["cvm", "2017-03-12", "DescribeInstances", { Limit: 10 }],
  ["vpc", "2017-03-12", "DescribeVpcs", {}],
  ["cbs", "2017-03-12", "DescribeDisks", { Limit: 5 }],
  ["sts", "2018-08-13", "GetCallerIdentity", {}],
]) {
  test(`${service} ${action} is answered from the spec index`, async () => {
    const resp = await client(service, version).request(action, params);
    assert.match(resp.RequestId, /^[0-9a-f-]{36}$/);
  });
}

test("a member the action does not have is UnknownParameter", async () => {
  await expectCode(client("cvm", "2017-03-12").request("DescribeInstances", { Limt: 10 }), "UnknownParameter");
});
