//! Many files on every core: files are independent, so `lint` and `fix`
//! analyse them in parallel (rayon), and the results come back in the
//! order of the inputs, so the output does not depend on scheduling.

use rayon::prelude::*;

/// `f` of every item, in parallel, in the items' order. One item (the
/// common case of a single Dockerfile) runs on the calling thread, with no
/// pool to start.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < 2 {
        return items.iter().map(f).collect();
    }
    join_the_pool();
    items.par_iter().map(f).collect()
}

/// The first thread to run [`map`] (the main thread) becomes one of the
/// pool's threads, one per core: it works on the items itself instead of
/// waiting for a thread started for them (one thread fewer to start, and
/// no hand-over before the work begins).
fn join_the_pool() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // An error means a pool exists already: it is used as it is.
        let _ = rayon::ThreadPoolBuilder::new()
            .use_current_thread()
            .build_global();
    });
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn keeps_the_order_of_the_inputs() {
        let items: Vec<usize> = (0..1000).collect();
        let out = map(&items, |&i| {
            // Uneven work, so the threads finish out of order.
            let spin = (0..(i % 7) * 1000).fold(0usize, |a, b| a.wrapping_add(b));
            std::hint::black_box(spin);
            i
        });
        assert_eq!(out, items);
        assert_eq!(map(&[] as &[usize], |&i| i), Vec::<usize>::new());
        assert_eq!(map(&[5], |&i| i * 2), vec![10]);
    }
}
