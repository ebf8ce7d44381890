/* The event layout shared by the probe and Hermes' decoder (Probe/EventRecord.cs mirrors it). Little-endian. */
#ifndef HERMES_PROBE_H
#define HERMES_PROBE_H

#define HERMES_SCRATCH_SIZE 8192
#define HERMES_MAX_STRING 1024
#define HERMES_OFFSET_MASK 4095
#define HERMES_MAX_SYSCALL 512
#define HERMES_EVENT_PROCEXIT 1000
#define HERMES_CGROUP_NAME 128
#define HERMES_SOCKADDR_MAX 28

/* Fixed header; variable parameters follow, each as a u16 length then that many bytes. */
struct hermes_event {
	__u64 ts_boot_ns;   /* bpf_ktime_get_boot_ns(); userspace adds the boot time */
	__s64 res;          /* the syscall's return value */
	__u32 pid;          /* thread group id */
	__u32 tid;
	__u32 ppid;         /* real parent's tgid */
	__u32 uid;
	__u32 gid;
	__u32 loginuid;
	__u32 syscall;      /* x86-64 syscall number, or HERMES_EVENT_PROCEXIT */
	__u32 size;         /* header + parameters */
	__u64 mntns;        /* mount namespace inode */
	__u64 cap_effective;
	__u64 args[6];      /* the syscall's raw arguments */
	__u32 tty;          /* controlling terminal device, 0 when none (read on exec only) */
	__u32 nparams;
	char comm[16];
};

/* Exec parameter 5: the executable's inode, for proc.exe_ino and its times (nanoseconds since the epoch). */
struct hermes_exe_info {
	__u64 ino;
	__u64 ctime_ns;
	__u64 mtime_ns;
};

/* Exec parameter 6, and parameter 0 of a clone/fork in the child: what the task looks like from inside its pid
 * namespace (proc.vpid, thread.vtid), when that namespace's init started (boot-clock ns), and its capabilities. */
struct hermes_task_info {
	__u64 cap_permitted;
	__u64 cap_inheritable;
	__u64 pidns_init_start_ns;
	__u32 vpid;
	__u32 vtid;
};

/* Bits of exec parameter 3 */
#define HERMES_EXE_UPPER_LAYER 1 /* the executable lives in an overlayfs upper layer (written into the container) */
#define HERMES_EXE_WRITABLE 2    /* the executable is writable by the user that runs it */

/* Bits of the config map's "rules want" entry (KernelProbe.cs RulesWant): state-only syscalls a rule also names */
#define HERMES_RULES_CLOSE 1
#define HERMES_RULES_FCNTL 2

/* EventRecord.cs reads the header at these offsets (a test compares them with its constants). */
_Static_assert(__builtin_offsetof(struct hermes_event, mntns) == 48, "mntns offset");
_Static_assert(__builtin_offsetof(struct hermes_event, args) == 64, "args offset");
_Static_assert(__builtin_offsetof(struct hermes_event, tty) == 112, "tty offset");
_Static_assert(__builtin_offsetof(struct hermes_event, nparams) == 116, "nparams offset");
_Static_assert(__builtin_offsetof(struct hermes_event, comm) == 120, "comm offset");
_Static_assert(sizeof(struct hermes_event) == 136, "header size");
_Static_assert(sizeof(struct hermes_exe_info) == 24, "exe info size");
_Static_assert(sizeof(struct hermes_task_info) == 32, "task info size");
_Static_assert(__builtin_offsetof(struct hermes_task_info, vpid) == 24, "task info vpid offset");

#endif
