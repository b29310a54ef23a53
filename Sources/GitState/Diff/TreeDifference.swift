import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Two trees compared as git's tree diff reads them: a subtree with the same id on both sides
/// is skipped whole, so only what changed is read. Files only, without rename detection.
struct TreeDifference {
    let repository: Repository

    struct Change {
        var kind: Delta.Kind
        /// The path's bytes as stored (not necessarily UTF-8).
        var path: [UInt8]
        var old: (oid: git_oid, mode: UInt32)?
        var new: (oid: git_oid, mode: UInt32)?
    }

    /// What changed from tree `old` to tree `new` (`nil`: no tree), below `prefix` ("" for the root).
    func changes(old: git_oid?, new: git_oid?, prefix: [UInt8] = []) throws(GitStateError) -> [Change] {
        var result: [Change] = []
        try compare(old: old, new: new, prefix: prefix, into: &result)
        return result
    }

    private func compare(old: git_oid?, new: git_oid?, prefix: [UInt8], into result: inout [Change])
        throws(GitStateError)
    {
        guard old != new else { return }
        let oldItems = try old.map { oid throws(GitStateError) in try repository.treeItems(of: oid) } ?? []
        let newItems = try new.map { oid throws(GitStateError) in try repository.treeItems(of: oid) } ?? []
        var newByName: [[UInt8]: TreeItem] = [:]
        for item in newItems { newByName[item.name] = item }
        func path(_ name: [UInt8]) -> [UInt8] { prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name }
        func add(_ kind: Delta.Kind, _ name: [UInt8], old: TreeItem?, new: TreeItem?) {
            result.append(
                Change(
                    kind: kind, path: path(name), old: old.map { ($0.oid, $0.mode) }, new: new.map { ($0.oid, $0.mode) }
                ))
        }
        for item in oldItems {
            let counterpart = newByName.removeValue(forKey: item.name)
            switch (item.isTree, counterpart) {
            case (true, let other?) where other.isTree:
                try compare(old: item.oid, new: other.oid, prefix: path(item.name), into: &result)
            case (true, let other):
                try compare(old: item.oid, new: nil, prefix: path(item.name), into: &result)
                if let other { add(.added, other.name, old: nil, new: other) }
            case (false, let other?) where other.isTree:
                add(.deleted, item.name, old: item, new: nil)
                try compare(old: nil, new: other.oid, prefix: path(other.name), into: &result)
            case (false, let other?):
                guard item.oid != other.oid || item.mode != other.mode else { continue }
                add(
                    (item.mode & 0o170000) != (other.mode & 0o170000) ? .typeChanged : .modified, item.name, old: item,
                    new: other)
            case (false, nil):
                add(.deleted, item.name, old: item, new: nil)
            }
        }
        for item in newItems where newByName[item.name] != nil {
            if item.isTree {
                try compare(old: nil, new: item.oid, prefix: path(item.name), into: &result)
            } else {
                add(.added, item.name, old: nil, new: item)
            }
        }
    }
}

/// One entry of a tree object.
struct TreeItem {
    var name: [UInt8]
    var oid: git_oid
    var mode: UInt32

    var isTree: Bool { mode == GIT_FILEMODE_TREE.rawValue }
}

extension Repository {
    /// The entries of the tree `oid`, in the tree's order.
    func treeItems(of oid: git_oid) throws(GitStateError) -> [TreeItem] {
        var id = oid
        let tree = try makeHandle(path: gitDirectory, kind: .missingObject, free: git_tree_free) {
            git_tree_lookup($0, pointer, &id)
        }
        let count = git_tree_entrycount(tree.pointer)
        var items: [TreeItem] = []
        items.reserveCapacity(count)
        for position in 0..<count {
            guard let item = git_tree_entry_byindex(tree.pointer, position), let name = git_tree_entry_name(item) else {
                continue
            }
            // The name's bytes as stored: a `String` would repair names that are not UTF-8.
            let bytes = Array(UnsafeRawBufferPointer(start: name, count: strlen(name)).bindMemory(to: UInt8.self))
            let mode = git_tree_entry_filemode(item).rawValue
            items.append(TreeItem(name: bytes, oid: git_tree_entry_id(item).pointee, mode: mode))
        }
        return items
    }
}
