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

/* key 0: the collector's own tgid (never traced, or it would trace its own output) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} hermes_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* What sys_enter saw of an exec, for sys_exit: the raw arguments and the length of the copied file name. */
struct pending {
	__u64 args[6];
	__u32 syscall;
	__u32 saved_len;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct pending);
} inflight SEC(".maps");

/* execve's file name, copied at enter (the old memory is gone after a successful exec): only for execve. */
struct exec_name {
	char name[HERMES_MAX_STRING];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct exec_name);
} exec_names SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exec_name);
} exec_name_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[HERMES_SCRATCH_SIZE]);
} scratch SEC(".maps");



/* x86-64 syscall numbers Hermes decodes parameters for */
#define NR_open 2
#define NR_close 3
#define NR_dup 32
#define NR_dup2 33
#define NR_socket 41
#define NR_connect 42
#define NR_accept 43
#define NR_sendto 44
#define NR_sendmsg 46
#define NR_bind 49
#define NR_execve 59
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
#define NR_finit_module 313
#define NR_renameat2 316
#define NR_memfd_create 319
#define NR_execveat 322
#define NR_openat2 437

/* Hides a value's known range from the compiler, so the bound checks the verifier needs are not optimised away. */
#define HIDE_RANGE(x) asm volatile("" : "+r"(x))

/* The syscall's arguments from the registers saved at entry (x86-64: di, si, dx, r10, r8, r9). */
static __always_inline void read_args(struct pt_regs *regs, __u64 *args)
{
	args[0] = PT_REGS_PARM1_CORE_SYSCALL(regs);
	args[1] = PT_REGS_PARM2_CORE_SYSCALL(regs);
	args[2] = PT_REGS_PARM3_CORE_SYSCALL(regs);
	args[3] = PT_REGS_PARM4_CORE_SYSCALL(regs);
	args[4] = PT_REGS_PARM5_CORE_SYSCALL(regs);
	args[5] = BPF_CORE_READ(regs, r9);
}

static __always_inline int is_self(__u32 tgid)
{
	__u32 zero = 0;
	__u32 *self = bpf_map_lookup_elem(&hermes_config, &zero);
	return self && *self == tgid;
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

SEC("tp_btf/sys_enter")
int BPF_PROG(hermes_sys_enter, struct pt_regs *regs, long id)
{
	/* Only execve needs anything before it runs: after a successful exec the old memory (and the file name in it)
	 * is gone, and the saved registers belong to the new program. Every other syscall is read at exit, from the
	 * registers saved at entry, which the kernel leaves untouched. */
	if (id != NR_execve && id != NR_execveat)
		return 0;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
	__u32 nr = (__u32)id;
	__u8 *on = bpf_map_lookup_elem(&wanted, &nr);
	if (!on || !*on || is_self(tgid))
		return 0;

	struct pending pending = {};
	pending.syscall = nr;
	read_args(regs, pending.args);
	__u32 zero = 0;
	struct exec_name *name = bpf_map_lookup_elem(&exec_name_scratch, &zero);
	if (name) {
		void *file = (void *)(nr == NR_execve ? pending.args[0] : pending.args[1]);
		long n = bpf_probe_read_user_str(name->name, sizeof(name->name), file);
		pending.saved_len = n > 0 ? n - 1 : 0;
		bpf_map_update_elem(&exec_names, &tid, name, BPF_ANY);
	}
	bpf_map_update_elem(&inflight, &tid, &pending, BPF_ANY);
	return 0;
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
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)uid_gid;
	e->gid = uid_gid >> 32;
	e->loginuid = BPF_CORE_READ(task, loginuid.val);
	e->syscall = nr;
	e->mntns = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	e->cap_effective = BPF_CORE_READ(task, cred, cap_effective.val);
	e->nparams = 0;
	e->pad = 0;
	e->tty = 0;
	e->cgroup[0] = 0;
	/* The terminal and the cgroup only change when a program starts (userspace keeps them per process), so the
	 * pointer chases and the 128-byte name copy are paid on exec, not on every event. */
	if (nr != NR_execve && nr != NR_execveat) {
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		return e;
	}
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	if (tty) {
		int major = BPF_CORE_READ(tty, driver, major);
		int minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
		e->tty = (major << 20) | minor;
	}
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	int memory = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	if (memory >= 0 && memory < CGROUP_SUBSYS_COUNT) {
		struct css_set *cgroups = BPF_CORE_READ(task, cgroups);
		struct cgroup_subsys_state *css = NULL;
		bpf_core_read(&css, sizeof(css), &cgroups->subsys[memory]);
		if (css) {
			const char *name = BPF_CORE_READ(css, cgroup, kn, name);
			bpf_probe_read_kernel_str(e->cgroup, sizeof(e->cgroup), name);
		}
	}
	return e;
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
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
	__u32 nr = (__u32)BPF_CORE_READ(regs, orig_ax);
	struct pending stash = {};
	struct pending *p = &stash;
	if (nr == NR_execve || nr == NR_execveat || nr >= HERMES_MAX_SYSCALL) {
		/* after exec, orig_ax and the argument registers are the new program's: use what sys_enter kept */
		p = bpf_map_lookup_elem(&inflight, &tid);
		if (!p)
			return 0;
		nr = p->syscall;
	} else {
		__u8 *on = bpf_map_lookup_elem(&wanted, &nr);
		if (!on || !*on || is_self(tgid))
			return 0;
		stash.syscall = nr;
		read_args(regs, stash.args);
	}
	__u32 zero = 0;
	char *buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!buf) {
		bpf_map_delete_elem(&inflight, &tid);
		return 0;
	}
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	struct hermes_event *e = begin(buf, nr, ret, task);
	for (int i = 0; i < 6; i++)
		e->args[i] = p->args[i];
	__u32 off = sizeof(struct hermes_event);

	if (nr == NR_execve || nr == NR_execveat) {
		/* param 1: the file name as passed; param 2: argv from the new image (NUL-separated) */
		struct exec_name *name = bpf_map_lookup_elem(&exec_names, &tid);
		off = name ? put_bytes(buf, off, name->name, p->saved_len, 0, e) : put_bytes(buf, off, buf, 0, 0, e);
		bpf_map_delete_elem(&exec_names, &tid);
		if (ret == 0) {
			__u64 start = BPF_CORE_READ(task, mm, arg_start);
			__u64 end = BPF_CORE_READ(task, mm, arg_end);
			__u32 len = end > start ? (__u32)(end - start) : 0;
			if (len > HERMES_MAX_STRING - 1)
				len = HERMES_MAX_STRING - 1;
			off = put_bytes(buf, off, (void *)start, len, 1, e);
			/* param 3: the executable's dentry name ("memfd:x" for fileless execution) */
			const unsigned char *exe = BPF_CORE_READ(task, mm, exe_file, f_path.dentry, d_name.name);
			__u32 at = off & HERMES_OFFSET_MASK;
			long n = bpf_probe_read_kernel_str(&buf[at + 2], 256, exe);
			*(__u16 *)&buf[at] = n > 0 ? (__u16)(n - 1) : 0;
			e->nparams++;
			off = at + 2 + (n > 0 ? (__u32)(n - 1) : 0);
			/* param 4: one byte of flags; bit 0: the executable lives in an overlayfs upper layer, i.e. it was
			 * written into the container rather than shipped in its image */
			__u8 exe_flags = 0;
			struct inode *inode = BPF_CORE_READ(task, mm, exe_file, f_inode);
			unsigned long magic = BPF_CORE_READ(inode, i_sb, s_magic);
			if (magic == 0x794c7630 /* OVERLAYFS_SUPER_MAGIC */) {
				struct ovl_inode *oi = (void *)((char *)inode - bpf_core_field_offset(struct ovl_inode, vfs_inode));
				struct dentry *upper = BPF_CORE_READ(oi, __upperdentry);
				if (upper)
					exe_flags |= 1;
			}
			at = off & HERMES_OFFSET_MASK;
			*(__u16 *)&buf[at] = 1;
			buf[(at + 2) & (HERMES_SCRATCH_SIZE - 1)] = exe_flags;
			e->nparams++;
			off = at + 3;
		}
	} else if (nr == NR_connect || nr == NR_bind || nr == NR_sendto) {
		/* the caller's sockaddr is still in its memory at exit */
		__u64 addr = nr == NR_sendto ? p->args[4] : p->args[1];
		__u64 len = nr == NR_sendto ? p->args[5] : p->args[2];
		if (len > HERMES_SOCKADDR_MAX)
			len = HERMES_SOCKADDR_MAX;
		off = put_bytes(buf, off, (void *)addr, addr ? (__u32)len : 0, 1, e);
	} else if (nr == NR_accept || nr == NR_accept4) {
		/* the peer's address, written by the kernel into the caller's buffer (*addrlen says how much) */
		__u32 len = 0;
		if (ret >= 0 && p->args[1] && p->args[2])
			bpf_probe_read_user(&len, sizeof(len), (void *)p->args[2]);
		if (len > HERMES_SOCKADDR_MAX)
			len = HERMES_SOCKADDR_MAX;
		off = put_bytes(buf, off, (void *)p->args[1], len, 1, e);
	} else {
		int first = path_arg(nr);
		if (first > 0 && first <= 6)
			off = put_user_str(buf, off, (void *)p->args[(first - 1) & 7], e);
		int second = second_path_arg(nr);
		if (second > 0 && second <= 6)
			off = put_user_str(buf, off, (void *)p->args[(second - 1) & 7], e);
		if (nr == NR_openat2) {
			/* param 2: struct open_how {u64 flags, mode, resolve}; openat2 passes its flags in memory, not registers */
			__u64 size = p->args[3];
			if (size > 24)
				size = 24;
			off = put_bytes(buf, off, (void *)p->args[2], (__u32)size, 1, e);
		}
	}
	if (p != &stash)
		bpf_map_delete_elem(&inflight, &tid);
	return submit(buf, off);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(hermes_process_exit, struct task_struct *task)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32;
	if ((__u32)pid_tgid != tgid || is_self(tgid))
		return 0; /* only the thread group leader's exit ends the process */
	__u32 zero = 0;
	char *buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!buf)
		return 0;
	struct hermes_event *e = begin(buf, HERMES_EVENT_PROCEXIT, BPF_CORE_READ(task, exit_code), task);
	for (int i = 0; i < 6; i++)
		e->args[i] = 0;
	return submit(buf, sizeof(struct hermes_event));
}
