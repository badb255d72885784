//! Memory for large tables read at random.

/// Asks the system to back the buffer of `table` with transparent huge pages (2 MiB on x86-64)
/// before it is first written. A table of tens of megabytes read at random, such as the id
/// index while millions of accounts are interned, otherwise costs a miss in the processor's
/// address cache (TLB) on nearly every lookup on top of the cache miss. Only a hint: buffers
/// under 4 MiB are left alone, and where the system has no such pages (or not Linux) nothing
/// changes. The values in the table do not depend on it.
pub(crate) fn prefer_huge_pages<T>(table: &Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let bytes = table.capacity() * std::mem::size_of::<T>();
        if bytes >= 4 << 20 {
            let start = (table.as_ptr() as usize).next_multiple_of(PAGE);
            let end = (table.as_ptr() as usize + bytes) & !(PAGE - 1);
            // SAFETY: advice on whole pages inside this allocation, which it neither reads nor
            // frees; the call only changes how the kernel backs them.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = table;
}
