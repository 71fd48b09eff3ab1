//! What issuing TRTC credentials costs: one `UserSig`, one `PrivateMapKey`, and the credentials
//! of one `CreateTRTCSignaturesWithRoomId` call for two users (two of each, the handler's
//! signing work).
//!
//! ```text
//! cargo bench -p tencent-action-emulator --bench usersig
//! ```

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tencent_action_emulator::usersig::{ALL_PRIVILEGES, TrtcApp};

const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const NOW: u64 = 1_700_000_000;
const LIFETIME: u64 = 86_400;

fn usersig(c: &mut Criterion) {
    let app = TrtcApp::new(1_400_000_000, KEY);
    let mut group = c.benchmark_group("usersig");
    group.bench_function("user_sig", |b| {
        b.iter(|| app.user_sig(black_box("alice"), LIFETIME, black_box(NOW)));
    });
    group.bench_function("private_map_key", |b| {
        b.iter(|| {
            app.private_map_key(
                black_box("alice"),
                black_box("room-1"),
                LIFETIME,
                ALL_PRIVILEGES,
                black_box(NOW),
            )
        });
    });
    group.bench_function("room_call_2_users", |b| {
        b.iter(|| {
            ["alice", "bob"].map(|user| {
                let key = app.private_map_key(
                    black_box(user),
                    black_box("room-1"),
                    LIFETIME,
                    ALL_PRIVILEGES,
                    black_box(NOW),
                );
                (app.user_sig(black_box(user), LIFETIME, black_box(NOW)), key)
            })
        });
    });
    group.finish();
}

criterion_group!(benches, usersig);
criterion_main!(benches);
