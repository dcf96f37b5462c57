#!/bin/sh
# A deployment script with classic shell mistakes, written to be found by FuzzForge's
# shell-static workflow. Do not use this code.
target=$1
files=$(ls $target)

for f in $files; do
    cp $f /srv/www/
done

cd $target
rm -rf $target/tmp/*
echo "deployed to $target" > /var/log/deploy-$(date +%s).log
