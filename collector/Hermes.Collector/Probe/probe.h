/* The event layout shared by the probe and Hermes' decoder (Probe/EventLayout.cs mirrors it). Little-endian. */
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
	__u32 tty;          /* controlling terminal device, 0 when none */
	__u16 nparams;
	__u16 pad;
	char comm[16];
	char cgroup[HERMES_CGROUP_NAME]; /* memory cgroup leaf name: carries the container id */
};

#endif
