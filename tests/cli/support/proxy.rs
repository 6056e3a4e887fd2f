//! A fault-injection TCP proxy on 127.0.0.1 in front of the test server: it passes the
//! PostgreSQL protocol through, or misbehaves as networks do (answers nothing at all, goes
//! silent after the N-th query or N bytes of a result, resets the connection).
//!
//! It reads the frontend's messages to count queries, so connections through it must be
//! unencrypted (`sslmode=disable`, or `prefer` against the test server, which has no TLS).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How the proxy treats a new connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    PassThrough,
    /// Accepts the connection and never answers (a firewall that drops, a hung server).
    BlackHole,
    /// Forwards the first N query messages (Query or Parse), then nothing either way.
    FreezeAfterQueries(usize),
    /// Once a query went out, forwards N bytes of the server's answer, then nothing.
    FreezeAfterResultBytes(usize),
    /// Cuts the connection instead of forwarding the N-th query message.
    CutAtQuery(usize),
    /// Cuts the connection when the client answers the server's password challenge: a
    /// connection lost in the middle of the login.
    CutAtLogin,
}

/// A running proxy; it stops accepting and cuts every connection when dropped.
pub struct Proxy {
    pub port: u16,
    fault: Arc<Mutex<Fault>>,
    /// Freezes every connection already open, in both directions, while set.
    frozen: Arc<AtomicBool>,
    stopped: Arc<AtomicBool>,
    connections: Arc<Mutex<Vec<TcpStream>>>,
    /// How many connections it accepted.
    pub accepted: Arc<AtomicUsize>,
}

impl Proxy {
    pub fn start(upstream_host: &str, upstream_port: u16, fault: Fault) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let proxy = Proxy {
            port,
            fault: Arc::new(Mutex::new(fault)),
            frozen: Arc::new(AtomicBool::new(false)),
            stopped: Arc::new(AtomicBool::new(false)),
            connections: Arc::new(Mutex::new(Vec::new())),
            accepted: Arc::new(AtomicUsize::new(0)),
        };
        let upstream = format!("{upstream_host}:{upstream_port}");
        let (fault, frozen, stopped, connections, accepted) = (
            Arc::clone(&proxy.fault),
            Arc::clone(&proxy.frozen),
            Arc::clone(&proxy.stopped),
            Arc::clone(&proxy.connections),
            Arc::clone(&proxy.accepted),
        );
        thread::spawn(move || {
            while !stopped.load(Ordering::SeqCst) {
                let Ok((client, _)) = listener.accept() else {
                    thread::sleep(Duration::from_millis(5));
                    continue;
                };
                accepted.fetch_add(1, Ordering::SeqCst);
                client.set_nonblocking(false).unwrap();
                let fault = *fault.lock().unwrap();
                let mut open = connections.lock().unwrap();
                open.push(client.try_clone().unwrap());
                if fault == Fault::BlackHole {
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream) else {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                };
                open.push(server.try_clone().unwrap());
                drop(open);
                let link = Arc::new(Link {
                    fault,
                    frozen_here: AtomicBool::new(false),
                    frozen_everywhere: Arc::clone(&frozen),
                    queries: AtomicUsize::new(0),
                    result_bytes: AtomicUsize::new(0),
                });
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let forward = Arc::clone(&link);
                thread::spawn(move || forward.client_to_server(client, server));
                thread::spawn(move || link.server_to_client(s2, c2));
            }
        });
        proxy
    }

    /// Treats new connections this way from now on.
    pub fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap() = fault;
    }

    /// Stops (or resumes) forwarding on every open connection, as a network going silent.
    pub fn freeze_all(&self, frozen: bool) {
        self.frozen.store(frozen, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.frozen.store(false, Ordering::SeqCst);
        for stream in self.connections.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

/// One proxied connection's state.
struct Link {
    fault: Fault,
    frozen_here: AtomicBool,
    frozen_everywhere: Arc<AtomicBool>,
    queries: AtomicUsize,
    result_bytes: AtomicUsize,
}

impl Link {
    fn frozen(&self) -> bool {
        self.frozen_here.load(Ordering::SeqCst) || self.frozen_everywhere.load(Ordering::SeqCst)
    }

    /// Waits while frozen.
    fn hold(&self) {
        while self.frozen() {
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Frontend messages, one at a time: the untyped startup packets first, then typed ones.
    fn client_to_server(&self, mut client: TcpStream, mut server: TcpStream) {
        let mut started = false;
        loop {
            let message = if started {
                read_typed(&mut client)
            } else {
                read_untyped(&mut client)
            };
            let Some(message) = message else {
                let _ = server.shutdown(Shutdown::Write);
                return;
            };
            if !started {
                // SSLRequest and GSSENCRequest are followed by another untyped packet.
                let code = message
                    .get(4..8)
                    .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
                started = !matches!(code, Some(80_877_103 | 80_877_104));
            } else if message[0] == b'p' && self.fault == Fault::CutAtLogin {
                let _ = client.shutdown(Shutdown::Both);
                let _ = server.shutdown(Shutdown::Both);
                return;
            } else if matches!(message[0], b'Q' | b'P') {
                let n = self.queries.fetch_add(1, Ordering::SeqCst) + 1;
                if self.fault == Fault::CutAtQuery(n) {
                    let _ = client.shutdown(Shutdown::Both);
                    let _ = server.shutdown(Shutdown::Both);
                    return;
                }
                self.hold();
                if server.write_all(&message).is_err() {
                    return;
                }
                if self.fault == Fault::FreezeAfterQueries(n) {
                    self.frozen_here.store(true, Ordering::SeqCst);
                }
                continue;
            }
            self.hold();
            if server.write_all(&message).is_err() {
                return;
            }
        }
    }

    fn server_to_client(&self, mut server: TcpStream, mut client: TcpStream) {
        let mut buffer = [0u8; 8192];
        loop {
            let Ok(read) = server.read(&mut buffer) else {
                return;
            };
            if read == 0 {
                let _ = client.shutdown(Shutdown::Write);
                return;
            }
            let mut chunk = &buffer[..read];
            if let Fault::FreezeAfterResultBytes(limit) = self.fault
                && self.queries.load(Ordering::SeqCst) > 0
            {
                let sent = self.result_bytes.load(Ordering::SeqCst);
                let room = limit.saturating_sub(sent);
                if chunk.len() >= room {
                    let _ = client.write_all(&chunk[..room]);
                    self.result_bytes.store(limit, Ordering::SeqCst);
                    self.frozen_here.store(true, Ordering::SeqCst);
                    chunk = &chunk[room..];
                } else {
                    self.result_bytes.fetch_add(chunk.len(), Ordering::SeqCst);
                }
            }
            self.hold();
            if client.write_all(chunk).is_err() {
                return;
            }
        }
    }
}

/// An untyped packet: a length (which counts itself) and the rest.
fn read_untyped(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut length = [0u8; 4];
    stream.read_exact(&mut length).ok()?;
    let total = u32::from_be_bytes(length) as usize;
    let mut message = length.to_vec();
    message.resize(total.max(4), 0);
    stream.read_exact(&mut message[4..]).ok()?;
    Some(message)
}

/// A typed message: one type byte, a length (which counts itself), and the rest.
fn read_typed(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).ok()?;
    let total = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
    let mut message = head.to_vec();
    message.resize(total.max(4) + 1, 0);
    stream.read_exact(&mut message[5..]).ok()?;
    Some(message)
}
