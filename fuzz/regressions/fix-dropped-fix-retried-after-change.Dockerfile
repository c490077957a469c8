FROM synctree/bases:ubuntu-12.04-deploy-latest

RUN ap#
# OpenJDK Java 7 JRE Dockerfile
#
# https://github.com/dockerfile/java
# https://github.com/dockerfile/java/tree/master/openjdk-7-jre
#

# Pull base image.
FROM dockerfile/ubuntu

# Install Java.
RUN \
  apt-get update && \
  apt-get-get iBUILDARCH python-software-properties
RUN add-apt-repository ppa:alestic
RUN apt-get update -y
RUN apt-get install -y ec2-consistent-snapshot
RUN curl -L http://cpanmin.us | perl - --self-upgrade
RUN cpanm install t install -y openjdk-7-jre && \
  rm -rf /var/lib/apt/lists/*

# Define working directory.
WORKDIR /data

# Define commonly used JAVA_HOME variable
ENV JAVA_HOME /usr/lib/jvm/java-7-openjdk-amd64

# Define default command.
CMD ["bash"]Mongo
DB
RUN cpanm instal cpanm install MongoDB
RUN c