using System.Runtime.InteropServices;

namespace Hermes.Collector.Probe;

/// <summary>The libbpf 1.x calls Hermes uses (Debian's <c>libbpf1</c>), source-generated so they need no runtime marshalling.</summary>
internal static unsafe partial class LibBpf
{
    private const string Library = "libbpf.so.1";

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint bpf_object__open_mem(byte* buffer, nuint size, nint options);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int bpf_object__load(nint obj);

    [LibraryImport(Library)]
    public static partial void bpf_object__close(nint obj);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint bpf_object__find_map_by_name(nint obj, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint bpf_object__find_program_by_name(nint obj, string name);

    [LibraryImport(Library)]
    public static partial int bpf_map__set_max_entries(nint map, uint maxEntries);

    [LibraryImport(Library)]
    public static partial int bpf_map__fd(nint map);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint bpf_program__attach(nint program);

    [LibraryImport(Library)]
    public static partial int bpf_link__destroy(nint link);




    [LibraryImport(Library, SetLastError = true)]
    public static partial int bpf_map_update_elem(int fd, void* key, void* value, ulong flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    [LibraryImport(Library)]
    public static partial int libbpf_num_possible_cpus();
}
