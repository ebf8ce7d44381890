// SPDX-License-Identifier: GPL-2.0
/*
 * Hermes' kernel probe: one event per syscall exit with its parameters, for the syscalls the loaded rules and the
 * state tracking need (an allow-list map set by userspace), plus process exits. CO-RE: built once, loaded on any
 * kernel with BTF. Events go through a ring buffer submitted without wakeups; userspace drains it on a timer,
 * because waking a reader per event costs more than the syscall being traced. Drops are counted per CPU.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "probe.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024); /* userspace resizes before load */
} events SEC(".maps");

/* syscall number -> 1 when wanted */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HERMES_MAX_SYSCALL);
	__type(key, __u32);
	__type(value, __u8);
} wanted SEC(".maps");

/* key 0: the collector's own tgid (never traced, or it would trace its own output);
 * key 1: which state-only syscalls a rule also names, so that all of them are shipped (HERMES_RULES_*): without such
 * a rule only closes of tracked descriptors and only fcntl's duplications are */
#define HERMES_CONFIG_SELF 0
#define HERMES_CONFIG_RULES_WANT 1
#define F_DUPFD 0
#define F_DUPFD_CLOEXEC 1030
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} hermes_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/*
 * Descriptors whose close userspace must see: sockets, pipes, memfds and duplicates, keyed by tgid << 32 | fd. A
 * regular file's close is not shipped unless a rule asks for close: userspace's entry for it is replaced by whatever
 * next takes that number (every fd-creating syscall it tracks says so), and closes are half of a file workload's
 * events. LRU, so processes that exit without closing cannot fill it; an evicted entry only costs a stale slot.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u8);
} tracked_fds SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[HERMES_SCRATCH_SIZE]);
} scratch SEC(".maps");



/* x86-64 syscall numbers Hermes decodes parameters for */
#define NR_open 2
#define NR_close 3
#define NR_pipe 22
#define NR_dup 32
#define NR_dup2 33
#define NR_socket 41
#define NR_connect 42
#define NR_accept 43
#define NR_sendto 44
#define NR_sendmsg 46
#define NR_bind 49
#define NR_clone 56
#define NR_fork 57
#define NR_vfork 58
#define NR_execve 59
#define NR_fcntl 72
#define NR_chdir 80
#define NR_rename 82
#define NR_mkdir 83
#define NR_rmdir 84
#define NR_creat 85
#define NR_link 86
#define NR_unlink 87
#define NR_symlink 88
#define NR_chmod 90
#define NR_ptrace 101
#define NR_prctl 157
#define NR_init_module 175
#define NR_openat 257
#define NR_mkdirat 258
#define NR_unlinkat 263
#define NR_renameat 264
#define NR_linkat 265
#define NR_symlinkat 266
#define NR_fchmodat 268
#define NR_accept4 288
#define NR_dup3 292
#define NR_pipe2 293
#define NR_finit_module 313
#define NR_renameat2 316
#define NR_memfd_create 319
#define NR_execveat 322
#define NR_clone3 435
#define NR_openat2 437

#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_CHILD_SUBREAPER 37

/* Hides a value's known range from the compiler, so the bound checks the verifier needs are not optimised away. */
#define HIDE_RANGE(x) asm volatile("" : "+r"(x))

/*
 * Kernel memory is read by direct field access wherever the verifier knows the type (tp_btf arguments and
 * bpf_get_current_task_btf() are BTF pointers): those become plain loads guarded by the exception table, where
 * BPF_CORE_READ would be one bpf_probe_read_kernel call per pointer hop. On the hot path that is the difference
 * between ~15 helper calls per event and none.
 */

/* The syscall's arguments from the registers saved at entry (x86-64: di, si, dx, r10, r8, r9). */
static __always_inline void read_args(struct pt_regs *regs, __u64 *args)
{
	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
}

static __always_inline int is_self(__u32 tgid)
{
	__u32 key = HERMES_CONFIG_SELF;
	__u32 *self = bpf_map_lookup_elem(&hermes_config, &key);
	return self && *self == tgid;
}

static __always_inline __u64 fd_key(__u32 tgid, long fd)
{
	return ((__u64)tgid << 32) | (__u32)fd;
}

static __always_inline void track_fd(__u32 tgid, long fd)
{
	if (fd < 0)
		return;
	__u64 key = fd_key(tgid, fd);
	__u8 on = 1;
	bpf_map_update_elem(&tracked_fds, &key, &on, BPF_ANY);
}

static __always_inline __u32 rules_want(void)
{
	__u32 key = HERMES_CONFIG_RULES_WANT;
	__u32 *want = bpf_map_lookup_elem(&hermes_config, &key);
	return want ? *want : 0;
}

static __always_inline int is_tracked(__u32 tgid, long fd)
{
	__u64 key = fd_key(tgid, fd);
	return bpf_map_lookup_elem(&tracked_fds, &key) != NULL;
}

/* Whether a close must be shipped: for a tracked descriptor (forgotten here, since it is closed), or any close when a
 * rule names close. */
static __always_inline int close_wanted(__u32 tgid, long fd)
{
	__u64 key = fd_key(tgid, fd);
	return bpf_map_delete_elem(&tracked_fds, &key) == 0 || (rules_want() & HERMES_RULES_CLOSE);
}

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&drops, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* Where a syscall's user-space path arguments are: index+1 of the argument, 0 for none. */
static __always_inline int path_arg(__u32 nr)
{
	switch (nr) {
	case NR_open: case NR_creat: case NR_chdir: case NR_mkdir: case NR_rmdir: case NR_unlink:
	case NR_chmod: case NR_link: case NR_rename: case NR_symlink: case NR_memfd_create:
		return 1;
	case NR_openat: case NR_openat2: case NR_mkdirat: case NR_unlinkat: case NR_fchmodat:
	case NR_linkat: case NR_renameat: case NR_renameat2: case NR_execveat:
		return 2;
	case NR_symlinkat:
		return 1; /* target */
	case NR_finit_module:
		return 0;
	}
	return 0;
}

/* A second path argument (link name, new name), index+1, 0 for none. */
static __always_inline int second_path_arg(__u32 nr)
{
	switch (nr) {
	case NR_link: case NR_rename: case NR_symlink:
		return 2;
	case NR_linkat: case NR_renameat: case NR_renameat2:
		return 4;
	case NR_symlinkat:
		return 3;
	}
	return 0;
}

/* Where a successful exec's file name is once the old program is gone: the kernel copied it onto the new stack
 * and records its address in the auxiliary vector (AT_EXECFN), which the mm keeps a copy of. */
#define AT_NULL 0
#define AT_EXECFN 31
static __always_inline const void *exec_file_name(struct task_struct *task)
{
	struct mm_struct *mm = task->mm;
#pragma unroll
	for (int i = 0; i + 1 < (int)(sizeof(mm->saved_auxv) / sizeof(mm->saved_auxv[0])); i += 2) {
		unsigned long type = mm->saved_auxv[i];
		if (type == AT_NULL)
			break;
		if (type == AT_EXECFN)
			return (const void *)mm->saved_auxv[i + 1];
	}
	return NULL;
}

/* A task's pid as seen from its own pid namespace (the innermost level of struct pid). */
static __always_inline struct upid pid_in_own_ns(struct pid *pid)
{
	struct upid up = {};
	unsigned int level = pid->level;
	unsigned long at = (unsigned long)pid + bpf_core_field_offset(struct pid, numbers) + level * bpf_core_type_size(struct upid);
	bpf_probe_read_kernel(&up, sizeof(up), (const void *)at);
	return up;
}

/* Appends struct hermes_task_info (probe.h) for the current task. */
static __always_inline __u32 put_task_info(char *buf, __u32 off, struct task_struct *task, struct hermes_event *e)
{
	__u32 at = off & HERMES_OFFSET_MASK;
	struct hermes_task_info *info = (struct hermes_task_info *)&buf[at + 2];
	struct upid thread = pid_in_own_ns(task->thread_pid);
	struct upid leader = pid_in_own_ns(task->group_leader->thread_pid);
	const struct cred *cred = task->cred;
	info->cap_permitted = cred->cap_permitted.val;
	info->cap_inheritable = cred->cap_inheritable.val;
	info->pidns_init_start_ns = BPF_CORE_READ(thread.ns, child_reaper, start_boottime);
	info->vpid = leader.nr;
	info->vtid = thread.nr;
	*(__u16 *)&buf[at] = sizeof(*info);
	e->nparams++;
	return at + 2 + sizeof(*info);
}

/* The inode times before 6.6 (i_ctime) and in 6.6 (__i_ctime), for CO-RE on older kernels. */
struct inode___pre66 {
	struct timespec64 i_ctime;
	struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

struct inode___v66 {
	struct timespec64 __i_ctime;
} __attribute__((preserve_access_index));

/* Appends struct hermes_exe_info (probe.h) for the executable's inode. Inode times are wall-clock (epoch) times,
 * unlike the events' boot-clock timestamps. */
static __always_inline __u32 put_exe_info(char *buf, __u32 off, struct inode *inode, struct hermes_event *e)
{
	__u32 at = off & HERMES_OFFSET_MASK;
	struct hermes_exe_info *info = (struct hermes_exe_info *)&buf[at + 2];
	__s64 ctime_s, mtime_s;
	__u32 ctime_ns, mtime_ns;
	info->ino = BPF_CORE_READ(inode, i_ino);
	if (bpf_core_field_exists(inode->i_ctime_sec)) {
		ctime_s = BPF_CORE_READ(inode, i_ctime_sec);
		ctime_ns = BPF_CORE_READ(inode, i_ctime_nsec);
		mtime_s = BPF_CORE_READ(inode, i_mtime_sec);
		mtime_ns = BPF_CORE_READ(inode, i_mtime_nsec);
	} else {
		struct inode___pre66 *old = (void *)inode;
		struct inode___v66 *v66 = (void *)inode;
		if (bpf_core_field_exists(v66->__i_ctime)) {
			ctime_s = BPF_CORE_READ(v66, __i_ctime.tv_sec);
			ctime_ns = BPF_CORE_READ(v66, __i_ctime.tv_nsec);
		} else {
			ctime_s = BPF_CORE_READ(old, i_ctime.tv_sec);
			ctime_ns = BPF_CORE_READ(old, i_ctime.tv_nsec);
		}
		mtime_s = BPF_CORE_READ(old, i_mtime.tv_sec);
		mtime_ns = BPF_CORE_READ(old, i_mtime.tv_nsec);
	}
	/* multigrain timestamps (6.13+) keep a "queried" flag in the top bit of the ctime nanoseconds */
	ctime_ns &= ~(1U << 31);
	info->ctime_ns = (__u64)ctime_s * 1000000000ULL + ctime_ns;
	info->mtime_ns = (__u64)mtime_s * 1000000000ULL + mtime_ns;
	*(__u16 *)&buf[at] = sizeof(*info);
	e->nparams++;
	return at + 2 + sizeof(*info);
}

/* Whether the user running the task may write its executable, the way the kernel's permission check decides it:
 * read-only mounts and immutable files never are; otherwise owner, then group, then other bits for the task's
 * filesystem ids, and CAP_DAC_OVERRIDE overrides the bits. (Supplementary groups are not consulted.) */
#define SB_RDONLY 1
#define S_IMMUTABLE 8
#define CAP_DAC_OVERRIDE 1
static __always_inline int exe_writable(struct task_struct *task, struct inode *inode)
{
	if ((inode->i_sb->s_flags & SB_RDONLY) || (inode->i_flags & S_IMMUTABLE))
		return 0;
	const struct cred *cred = task->cred;
	umode_t mode = inode->i_mode;
	if (inode->i_uid.val == cred->fsuid.val)
		mode >>= 6;
	else if (inode->i_gid.val == cred->fsgid.val)
		mode >>= 3;
	if (mode & 2 /* write */)
		return 1;
	return (cred->cap_effective.val >> CAP_DAC_OVERRIDE) & 1;
}

/* Descriptors this syscall created (or named, for sockets that predate the collector) whose close must be seen. */
static __always_inline void track_created_fds(__u32 nr, long ret, __u32 tgid, __u64 *args)
{
	switch (nr) {
	case NR_socket: case NR_accept: case NR_accept4: case NR_memfd_create:
		track_fd(tgid, ret);
		break;
	case NR_dup: case NR_dup2: case NR_dup3: case NR_fcntl:
		/* a copy is tracked when its original is (a duplicated file is as forgettable as the file) */
		if ((nr != NR_fcntl || args[1] == F_DUPFD || args[1] == F_DUPFD_CLOEXEC) && is_tracked(tgid, (long)(int)args[0]))
			track_fd(tgid, ret);
		break;
	case NR_connect: case NR_bind: case NR_sendto: case NR_sendmsg:
		track_fd(tgid, (long)(int)args[0]);
		break;
	case NR_pipe: case NR_pipe2:
		if (ret == 0) {
			int fds[2] = {-1, -1};
			bpf_probe_read_user(fds, sizeof(fds), (void *)args[0]);
			track_fd(tgid, fds[0]);
			track_fd(tgid, fds[1]);
		}
		break;
	}
}

static __always_inline struct hermes_event *begin(char *buf, __u32 nr, long ret, struct task_struct *task)
{
	struct hermes_event *e = (struct hermes_event *)buf;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();
	e->ts_boot_ns = bpf_ktime_get_boot_ns();
	e->res = ret;
	e->pid = pid_tgid >> 32;
	e->tid = (__u32)pid_tgid;
	e->ppid = task->real_parent->tgid;
	e->uid = (__u32)uid_gid;
	e->gid = uid_gid >> 32;
	e->loginuid = task->loginuid.val;
	e->syscall = nr;
	/* nsproxy is NULL once an exiting task has left its namespaces: the guarded load then reads 0 */
	e->mntns = task->nsproxy->mnt_ns->ns.inum;
	e->cap_effective = task->cred->cap_effective.val;
	e->nparams = 0;
	e->tty = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	/* The terminal only changes when a program starts (userspace keeps it per process): read on exec only. */
	if (nr == NR_execve || nr == NR_execveat) {
		struct tty_struct *tty = task->signal->tty;
		if (tty)
			e->tty = (tty->driver->major << 20) | (tty->driver->minor_start + tty->index);
	}
	return e;
}

/* Appends the memory cgroup's leaf name (it carries the container id) as a parameter; on exec only, since a
 * process changes cgroup when it starts, and userspace keeps it per process. */
static __always_inline __u32 put_cgroup(char *buf, __u32 off, struct task_struct *task, struct hermes_event *e)
{
	__u32 at = off & HERMES_OFFSET_MASK;
	long n = 0;
	int memory = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	if (memory >= 0 && memory < CGROUP_SUBSYS_COUNT) {
		struct cgroup_subsys_state *css = task->cgroups->subsys[memory];
		if (css)
			n = bpf_probe_read_kernel_str(&buf[at + 2], HERMES_CGROUP_NAME, css->cgroup->kn->name);
	}
	*(__u16 *)&buf[at] = n > 0 ? (__u16)(n - 1) : 0;
	e->nparams++;
	return at + 2 + (n > 0 ? (__u32)(n - 1) : 0);
}

/* Appends a user string parameter at *off; returns the new offset. */
static __always_inline __u32 put_user_str(char *buf, __u32 off, const void *src, struct hermes_event *e)
{
	__u32 at = off & HERMES_OFFSET_MASK;
	long n = bpf_probe_read_user_str(&buf[at + 2], HERMES_MAX_STRING, src);
	__u16 len = n > 0 ? (__u16)(n - 1) : 0;
	*(__u16 *)&buf[at] = len;
	e->nparams++;
	return at + 2 + len;
}

static __always_inline __u32 put_bytes(char *buf, __u32 off, const void *src, __u32 len, int user, struct hermes_event *e)
{
	__u32 at = off & HERMES_OFFSET_MASK;
	HIDE_RANGE(len);
	len &= (HERMES_MAX_STRING - 1);
	long ok = user ? bpf_probe_read_user(&buf[at + 2], len, src) : bpf_probe_read_kernel(&buf[at + 2], len, src);
	if (ok != 0)
		len = 0;
	*(__u16 *)&buf[at] = (__u16)len;
	e->nparams++;
	return at + 2 + len;
}

static __always_inline int submit(char *buf, __u32 size)
{
	struct hermes_event *e = (struct hermes_event *)buf;
	size &= (HERMES_SCRATCH_SIZE - 1);
	if (size < sizeof(struct hermes_event))
		size = sizeof(struct hermes_event);
	e->size = size;
	if (bpf_ringbuf_output(&events, buf, size, BPF_RB_NO_WAKEUP) != 0)
		count_drop();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(hermes_sys_exit, struct pt_regs *regs, long ret)
{
	/* orig_ax still holds the syscall number after a successful exec (the new program's registers are otherwise
	 * reset), so one exit program serves every syscall and nothing has to run at entry: a sys_enter program would
	 * cost every syscall on the machine, traced or not. */
	__u32 nr = (__u32)regs->orig_ax;
	if (nr >= HERMES_MAX_SYSCALL)
		return 0;
	__u8 *on = bpf_map_lookup_elem(&wanted, &nr);
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (!on || !*on || is_self(tgid))
		return 0;
	if (nr == NR_close && !close_wanted(tgid, (long)(int)regs->di))
		return 0;
	/* state needs fcntl's duplications only (find alone makes ~2 other fcntl calls per directory) */
	if (nr == NR_fcntl && regs->si != F_DUPFD && regs->si != F_DUPFD_CLOEXEC && !(rules_want() & HERMES_RULES_FCNTL))
		return 0;
	__u32 zero = 0;
	char *buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!buf)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	struct hermes_event *e = begin(buf, nr, ret, task);
	/* the registers saved at entry; after a successful exec they are the new program's (zeroes) */
	read_args(regs, e->args);
	__u64 *args = e->args;
	__u32 off = sizeof(struct hermes_event);

	if (nr == NR_execve || nr == NR_execveat) {
		/* param 1: the file name as passed: from the new image when the exec succeeded, else from the caller's
		 * memory, which a failed exec leaves in place; param 2: argv from the new image (NUL-separated) */
		const void *file = ret == 0 ? exec_file_name(task) : (const void *)(nr == NR_execve ? regs->di : regs->si);
		off = put_user_str(buf, off, file, e);
		if (ret == 0) {
			__u64 start = task->mm->arg_start;
			__u64 end = task->mm->arg_end;
			__u32 len = end > start ? (__u32)(end - start) : 0;
			if (len > HERMES_MAX_STRING - 1)
				len = HERMES_MAX_STRING - 1;
			off = put_bytes(buf, off, (void *)start, len, 1, e);
			/* param 3: the executable's dentry name ("memfd:x" for fileless execution) */
			const unsigned char *exe = task->mm->exe_file->f_path.dentry->d_name.name;
			__u32 at = off & HERMES_OFFSET_MASK;
			long n = bpf_probe_read_kernel_str(&buf[at + 2], 256, exe);
			*(__u16 *)&buf[at] = n > 0 ? (__u16)(n - 1) : 0;
			e->nparams++;
			off = at + 2 + (n > 0 ? (__u32)(n - 1) : 0);
			/* param 4: one byte of flags; bit 0: the executable lives in an overlayfs upper layer, i.e. it was
			 * written into the container rather than shipped in its image */
			__u8 exe_flags = 0;
			struct inode *inode = task->mm->exe_file->f_inode;
			if (inode->i_sb->s_magic == 0x794c7630 /* OVERLAYFS_SUPER_MAGIC */) {
				struct ovl_inode *oi = (void *)((char *)inode - bpf_core_field_offset(struct ovl_inode, vfs_inode));
				struct dentry *upper = BPF_CORE_READ(oi, __upperdentry);
				if (upper)
					exe_flags |= HERMES_EXE_UPPER_LAYER;
			}
			if (exe_writable(task, inode))
				exe_flags |= HERMES_EXE_WRITABLE;
			at = off & HERMES_OFFSET_MASK;
			*(__u16 *)&buf[at] = 1;
			buf[(at + 2) & (HERMES_SCRATCH_SIZE - 1)] = exe_flags;
			e->nparams++;
			off = put_cgroup(buf, at + 3, task, e);
			/* params 5 and 6: the executable's inode and times; the task's ids in its pid namespace */
			off = put_exe_info(buf, off, inode, e);
			off = put_task_info(buf, off, task, e);
		}
	} else if ((nr == NR_clone || nr == NR_clone3 || nr == NR_fork || nr == NR_vfork) && ret == 0) {
		/* the child's return: it is the one event that names the new task by its pid in every namespace (the
		 * parent's return value is the child's pid in the parent's namespace only) */
		off = put_task_info(buf, off, task, e);
	} else if (nr == NR_clone3) {
		/* the parent's return: clone3 passes its flags in struct clone_args (first member), not in a register */
		off = put_bytes(buf, off, (void *)args[0], 8, 1, e);
	} else if (nr == NR_pipe || nr == NR_pipe2) {
		/* the two descriptors the kernel wrote into the caller's int[2] */
		off = put_bytes(buf, off, (void *)args[0], ret == 0 ? 8 : 0, 1, e);
	} else if (nr == NR_sendmsg) {
		/* the destination, if the caller named one: struct msghdr starts with msg_name and msg_namelen */
		struct { __u64 name; __u32 len; } hdr = {};
		bpf_probe_read_user(&hdr, sizeof(hdr), (void *)args[1]);
		if (hdr.len > HERMES_SOCKADDR_MAX)
			hdr.len = HERMES_SOCKADDR_MAX;
		off = put_bytes(buf, off, (void *)hdr.name, hdr.name ? hdr.len : 0, 1, e);
	} else if (nr == NR_prctl) {
		/* param 1: the name PR_SET_NAME sets or PR_GET_NAME returned, or the int PR_GET_CHILD_SUBREAPER wrote */
		if (args[0] == PR_SET_NAME || args[0] == PR_GET_NAME)
			off = put_user_str(buf, off, (void *)args[1], e);
		else if (args[0] == PR_GET_CHILD_SUBREAPER)
			off = put_bytes(buf, off, (void *)args[1], 4, 1, e);
	} else if (nr == NR_connect || nr == NR_bind || nr == NR_sendto) {
		/* the caller's sockaddr is still in its memory at exit */
		__u64 addr = nr == NR_sendto ? args[4] : args[1];
		__u64 len = nr == NR_sendto ? args[5] : args[2];
		if (len > HERMES_SOCKADDR_MAX)
			len = HERMES_SOCKADDR_MAX;
		off = put_bytes(buf, off, (void *)addr, addr ? (__u32)len : 0, 1, e);
	} else if (nr == NR_accept || nr == NR_accept4) {
		/* the peer's address, written by the kernel into the caller's buffer (*addrlen says how much) */
		__u32 len = 0;
		if (ret >= 0 && args[1] && args[2])
			bpf_probe_read_user(&len, sizeof(len), (void *)args[2]);
		if (len > HERMES_SOCKADDR_MAX)
			len = HERMES_SOCKADDR_MAX;
		off = put_bytes(buf, off, (void *)args[1], len, 1, e);
	} else {
		int first = path_arg(nr);
		if (first > 0 && first <= 6)
			off = put_user_str(buf, off, (void *)args[(first - 1) & 7], e);
		int second = second_path_arg(nr);
		if (second > 0 && second <= 6)
			off = put_user_str(buf, off, (void *)args[(second - 1) & 7], e);
		if (nr == NR_openat2) {
			/* param 2: struct open_how {u64 flags, mode, resolve}; openat2 passes its flags in memory, not registers */
			__u64 size = args[3];
			if (size > 24)
				size = 24;
			off = put_bytes(buf, off, (void *)args[2], (__u32)size, 1, e);
		}
	}
	track_created_fds(nr, ret, tgid, args);
	return submit(buf, off);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(hermes_process_exit, struct task_struct *task)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	if (is_self(pid_tgid >> 32))
		return 0; /* every thread's exit: userspace keeps a thread table; the leader's ends the process */
	__u32 zero = 0;
	char *buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!buf)
		return 0;
	struct hermes_event *e = begin(buf, HERMES_EVENT_PROCEXIT, task->exit_code, task);
	for (int i = 0; i < 6; i++)
		e->args[i] = 0;
	return submit(buf, sizeof(struct hermes_event));
}
