# SPDX-License-Identifier: GPL-2.0
# Run mm/uffd-unit-tests one test name at a time (-f NAME), leaving out the
# names given as arguments. The plan's skip| entry says why they are left
# out. -f matches substrings, so a name that is part of another runs that
# one too; excluded names are never run.
cd /wb/bin/mm || exit 1
rc=0 n=0
for t in $(./uffd-unit-tests -l); do
	case " $* " in *" $t "*) echo "# [wb] not running '$t'"; continue ;; esac
	for other in $(./uffd-unit-tests -l -f "$t"); do
		case " $* " in *" $other "*)
			echo "# [wb] '$t' would also run excluded '$other'" ; rc=1 ;;
		esac
	done
	echo "# [wb] uffd-unit-tests -f $t"
	./uffd-unit-tests -f "$t" || rc=1
	n=$((n + 1))
done
echo "# [wb] ran $n test names, status $rc"
exit $rc
