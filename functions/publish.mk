# Shared by the functions' Makefiles (SAM `BuildMethod: makefile`): NativeAOT-publishes one
# function and leaves exactly its `bootstrap` executable in ARTIFACTS_DIR, which SAM zips.
# NativeAOT compiles for the operating system it runs on: Linux only (see infra/deploy/README.md, Building).
# Each function builds in its own tree, artifacts/build/<Name>/ (functions/Common included), so the
# three builds of `sam build --parallel` never write the same file; SAM runs this Makefile from the
# repository (ROOT below), whatever scratch folder it copies the sources to. MSBuild's incremental
# build keeps each tree current: a change in functions/Common or a Directory.*.props rebuilds all three.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
RID ?= linux-x64

# $(1): the function's project name.
define publish-bootstrap
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is required: the directory that receives bootstrap" >&2; exit 2; }
	dotnet publish "$(ROOT)/functions/$(1)/$(1).csproj" -c Release -r $(RID) -o "$(ARTIFACTS_DIR)" --artifacts-path "$(ROOT)/artifacts/build/$(1)" -nologo
	rm -f "$(ARTIFACTS_DIR)"/*.dbg "$(ARTIFACTS_DIR)"/*.pdb
	test -x "$(ARTIFACTS_DIR)/bootstrap"
endef
